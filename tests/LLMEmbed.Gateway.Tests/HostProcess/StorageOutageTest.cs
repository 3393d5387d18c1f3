using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Cli.Client;
using LLMEmbed.Protos.V1;
using LLMEmbed.Tests;
using Xunit.Abstractions;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// Issue 22 on one provider (the subclass: Redis or PostgreSQL, a server of the test's own on its own port, as
/// both the membership table and the grain storage): the server stops in the middle of an import and stays down
/// about 10 s. The import ends with Unavailable and its committed count within the call's deadline, classify on
/// the active head answers throughout, the host stays up; once the server is back, `import --resume` finishes
/// the file with no row lost or stored twice, and storage writes work again, all without restarting the host.
/// A second host on the same server then reads the same count back: the rows are in the server, not only in memory.
/// </summary>
public abstract partial class StorageOutageTest(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The providers' runs take turns: two imports at once on 2 cores would measure each other.</summary>
    public const string Collection = "storage-outage";
    private const string Tenant = "outage";
    // Distinct texts (no fusion cache hits), enough that the import is still running when the server stops; each
    // Reuters text cut to its first words (the headline and lead) so 2,000 rows import in about 30 s on 2 cores.
    private const int Rows = 2000;
    private const int Words = 30;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    // The gateway's grain calls time out after 30 s (Orleans' response timeout): Unavailable must come before.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"llmembed-outage-{Guid.NewGuid():N}.jsonl");
    private TestServerScript? _server;
    private HostProcessFixture? _host, _second;

    /// <summary>The deploy/ script that starts and stops this provider's throwaway server.</summary>
    protected abstract string Script { get; }

    /// <summary>The host's LLMEMBED_* settings for this provider on a server at 127.0.0.1:<paramref name="port"/>.</summary>
    protected abstract IReadOnlyDictionary<string, string> HostSettings(int port);

    public async Task InitializeAsync()
    {
        _server = new TestServerScript(Script, HostProcessFixture.FreePort());
        await _server.StartAsync();
        var texts = File.ReadAllLines(Fixture("reuters-mini.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Label: e.GetProperty("label").GetString()!)).ToArray();
        File.WriteAllLines(_file, Enumerable.Range(0, Rows).Select(i =>
            JsonSerializer.Serialize(new { text = $"{string.Join(' ', texts[i % texts.Length].Text.Split(' ').Take(Words))} (copy {i})", label = texts[i % texts.Length].Label })));
        _host = HostProcessFixture.On(null, Settings(_server.Port));
        await _host.InitializeAsync();
    }

    [Fact]
    public async Task An_outage_in_the_middle_of_an_import_answers_unavailable_classify_keeps_answering_and_the_import_resumes_after()
    {
        var host = _host!;
        var key = await TenantKeys.CreateAsync(host, Tenant);
        var env = host.CliEnvironment(Tenant, key);
        await Cli(env, "labels", "set", "crude", "earn", "money-fx");
        await Cli(env, "import", Fixture("reuters-mini.jsonl"), "--split", "train");
        await Cli(env, "train", "--wait");
        using var channel = GrpcChannel.ForAddress(host.Endpoint);
        var examples = new Examples.ExamplesClient(channel);
        var auth = new Metadata { { "authorization", $"Bearer {key}" } };
        var trained = await StoredAsync(examples, auth);

        var importId = ImportCommand.ImportId(_file, null, again: false);
        var import = CliProcess.RunAsync(env, "import", _file);
        var first = await Eventually.UntilAsync(() => CommittedAsync(examples, auth, importId), n => n > 0, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200));
        Assert.True(first > 0, "the import committed nothing within 2 minutes");
        Assert.False(import.IsCompleted, "the import finished before the outage; make the file longer");

        await using var traffic = new ClassifyTraffic(host.Endpoint, Tenant, key);
        // From the moment the stop begins: a server shutting down already refuses work before its script returns.
        var down = Stopwatch.StartNew();
        await _server!.StopAsync();
        var stopped = await import;
        var unavailableAfter = down.Elapsed;
        Assert.True(stopped.ExitCode == 2, stopped.ToString());
        Assert.Contains("Unavailable", stopped.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal", stopped.Err, StringComparison.Ordinal);
        Assert.Contains("--resume", stopped.Err, StringComparison.Ordinal);
        Assert.True(unavailableAfter < Deadline, $"Unavailable came {unavailableAfter} after the server stopped");
        var acknowledged = long.Parse(Committed().Match(stopped.Err) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no committed count in:\n{stopped}"), CultureInfo.InvariantCulture);
        Assert.InRange(acknowledged, first, Rows - 1);

        // The outage lasts its full length by the clock whatever the import did: a deliberate duration, not a wait for a condition.
        if (Outage - down.Elapsed is { Ticks: > 0 } rest) await Task.Delay(rest);
        var (answered, failures, slowest) = await traffic.StopAsync();
        var outage = down.Elapsed;
        Assert.Empty(failures);
        Assert.True(answered >= 10, $"only {answered} classify answers in {outage}");
        Assert.False(host.HasExited, $"the host exited during the outage:\n{string.Join('\n', host.Lines.TakeLast(20))}");
        Assert.Equal(trained + acknowledged, await StoredAsync(examples, auth));

        await _server.StartAsync();
        var back = Stopwatch.StartNew();
        // Bounded retries while the host's connections come back; no restart.
        var attempts = 0;
        var resumed = await Eventually.UntilAsync(() => { attempts++; return CliProcess.RunAsync(env, "import", _file, "--resume"); }, r => r.ExitCode == 0, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        var resumedAfter = back.Elapsed;
        Assert.True(resumed.ExitCode == 0, $"{resumed}\nhost:\n{string.Join('\n', host.Lines.TakeLast(20))}");
        Assert.Contains("rows committed before", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(trained + Rows, await StoredAsync(examples, auth));
        Assert.Equal(Rows, await CommittedAsync(examples, auth, importId));
        await Cli(env, "train", "--wait"); // another write (head versions, job state) on the same host
        Assert.False(host.HasExited, "the host exited after the outage");

        // What the server holds, not what the first host remembers: a second host of the same cluster reads it.
        // A graceful stop leaves the membership table clean, so the second silo does not wait to vote the first one dead.
        var (exitCode, _) = await host.SignalAndWaitAsync(HostProcessFixture.SigTerm, TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
        _second = HostProcessFixture.On(null, Settings(_server.Port));
        await _second.InitializeAsync();
        using var again = GrpcChannel.ForAddress(_second.Endpoint);
        Assert.Equal(trained + Rows, await StoredAsync(new Examples.ExamplesClient(again), auth));
        // The host's warnings and errors (the storage failures it logged), shortened, for whoever reads the CI log.
        foreach (var line in host.Lines.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)).Take(30)) output.WriteLine(line.Length > 400 ? line[..400] + " …" : line);
        output.WriteLine($"{GetType().Name}: Unavailable {unavailableAfter.TotalSeconds:0.0} s after the stop; {acknowledged} rows acknowledged ({first} committed at the last look before the stop); " +
                         $"outage {outage.TotalSeconds:0.0} s: {answered} classify answers, 0 failed, slowest {slowest.TotalMilliseconds:0} ms; resumed {resumedAfter.TotalSeconds:0.0} s after the start ({attempts} attempts); stored {trained + Rows} = {trained} + {Rows}");
    }

    // The import commits every 64 rows instead of 256, so the first write after the stop comes soon after it
    // whatever else the test run has on the cores: the time to Unavailable is the storage's, not featurization's.
    private Dictionary<string, string> Settings(int port) =>
        new(HostSettings(port)) { ["LLMEMBED_Gateway__ImportChunkSize"] = "64" };

    private static Task<long> StoredAsync(Examples.ExamplesClient client, Metadata auth) =>
        client.CountExamplesAsync(new CountExamplesRequest { Tenant = Tenant }, auth, DateTime.UtcNow.AddSeconds(10)).ResponseAsync.ContinueWith(t => t.Result.Total, TaskScheduler.Default);

    private static async Task<long> CommittedAsync(Examples.ExamplesClient client, Metadata auth, string importId) =>
        (await client.GetImportAsync(new GetImportRequest { Tenant = Tenant, ImportId = importId }, auth, DateTime.UtcNow.AddSeconds(10))).CommittedRows;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static async Task Cli(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var result = await CliProcess.RunAsync(env, args);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [GeneratedRegex(@"(\d+) rows are committed")]
    private static partial Regex Committed();

    public async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        File.Delete(_file);
    }
}

[CollectionDefinition(StorageOutageTest.Collection)]
public sealed class StorageOutageCollection;
