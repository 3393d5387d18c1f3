using System.Text.Json;
using System.Text.RegularExpressions;
using LLMEmbed.Tests;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// Ctrl+C on the host in the middle of an import, as a new user would press it: the host exits promptly and
/// gracefully, the client's error names the committed count and the resume command, and after a restart on
/// the same data `import --resume` stores the rest, no row twice and none lost.
/// </summary>
public sealed partial class GracefulStopTests : IAsyncLifetime
{
    private const string Tenant = "stopping";
    // Distinct texts (no fusion cache hits) and enough of them that the import is still running when the signal comes.
    private const int Rows = 3000;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"llmembed-stop-{Guid.NewGuid():N}.jsonl");
    private HostProcessFixture? _first, _second;

    public Task InitializeAsync()
    {
        var texts = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reuters-mini.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).Select(e => (Text: e.GetProperty("text").GetString()!, Label: e.GetProperty("label").GetString()!)).ToArray();
        File.WriteAllLines(_file, Enumerable.Range(0, Rows).Select(i =>
            JsonSerializer.Serialize(new { text = $"{texts[i % texts.Length].Text} (copy {i})", label = texts[i % texts.Length].Label })));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CtrlCDuringAnImportStopsGracefullyAndTheImportResumesWithoutLossOrDuplicates()
    {
        _first = new HostProcessFixture();
        await _first.InitializeAsync();
        var key = await TenantKeys.CreateAsync(_first, Tenant);
        var env = _first.CliEnvironment(Tenant, key);
        var labels = await CliProcess.RunAsync(env, "labels", "set", "crude", "earn", "money-fx", "grain", "acq", "trade", "interest", "ship");
        Assert.True(labels.ExitCode == 0, labels.ToString());

        var import = CliProcess.RunAsync(env, "import", _file);
        // Signal once the first chunk is committed, so the stop lands in the middle of the stream.
        var first = await Eventually.UntilAsync(() => StoredAsync(env), n => n > 0, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200));
        Assert.True(first > 0, "the import committed nothing within 2 minutes");
        Assert.False(import.IsCompleted, "the import finished before the signal; make the file longer");
        var (exitCode, took) = await _first.SignalAndWaitAsync(HostProcessFixture.SigInt, TimeSpan.FromSeconds(30));
        var stopped = await import;

        Assert.Equal(0, exitCode);
        // The drain (Gateway:DrainTimeout, 5 s) plus the silo's own stop; before the drain this took 32.5 s or never ended.
        Assert.True(took < TimeSpan.FromSeconds(15), $"the host took {took} to exit:\n{string.Join('\n', _first.Lines.TakeLast(15))}");
        Assert.DoesNotContain(_first.Lines, l => l.Contains("non-graceful", StringComparison.Ordinal) || l.Contains("failed to deactivate", StringComparison.Ordinal));
        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("Unavailable", stopped.Err, StringComparison.Ordinal);
        Assert.Contains("--resume", stopped.Err, StringComparison.Ordinal);
        var committed = long.Parse(Committed().Match(stopped.Err) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no committed count in:\n{stopped}"),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(committed, 1, Rows - 1);

        _second = HostProcessFixture.On(_first.DataDirectory);
        await _second.InitializeAsync();
        env = _second.CliEnvironment(Tenant, key);
        Assert.Equal(committed, await StoredAsync(env)); // every acknowledged row survived the stop
        var resumed = await CliProcess.RunAsync(env, "import", _file, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"after {committed} rows committed before", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(Rows, await StoredAsync(env));
    }

    private static async Task<long> StoredAsync(IReadOnlyDictionary<string, string> env)
    {
        var count = await CliProcess.RunAsync(env, "examples", "count", "--json");
        Assert.True(count.ExitCode == 0, count.ToString());
        return JsonDocument.Parse(count.Out).RootElement.GetProperty("total").GetInt64();
    }

    [GeneratedRegex(@"(\d+) rows are committed")]
    private static partial Regex Committed();

    public async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        if (_first is not null)
        {
            await _first.DisposeAsync();
            if (Directory.Exists(_first.DataDirectory)) Directory.Delete(_first.DataDirectory, recursive: true);
        }
        File.Delete(_file);
    }
}
