using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LLMEmbed.Tests;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// The host's grain storage (a real Redis server of the test's own) stops under a trained tenant: writes fail
/// within their deadline with Unavailable (not Internal), classify on the active head keeps answering, the host
/// stays up, and once Redis is back the same writes succeed without a restart, nothing acknowledged lost.
/// </summary>
[Trait("Category", "Redis")]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const string Tenant = "outage";
    private readonly string _redisDir = Path.Combine(Path.GetTempPath(), $"llmembed-outage-redis-{Guid.NewGuid():N}");
    private readonly int _redisPort = FreePort();
    private readonly string _rows = Path.Combine(Path.GetTempPath(), $"llmembed-outage-{Guid.NewGuid():N}.jsonl");
    private HostProcessFixture? _host;

    public async Task InitializeAsync()
    {
        await RedisAsync("start");
        File.WriteAllLines(_rows, Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { text = $"Oil output and crude prices, report {i}", label = "crude" })));
        _host = HostProcessFixture.On(null, new Dictionary<string, string>
        {
            ["LLMEMBED_Storage__Provider"] = "redis",
            ["LLMEMBED_Redis__ConnectionString"] = $"127.0.0.1:{_redisPort}",
        });
        await _host.InitializeAsync();
    }

    [Fact]
    public async Task Writes_answer_unavailable_while_redis_is_down_classify_keeps_answering_and_writes_work_again_after()
    {
        var host = _host!;
        var key = await TenantKeys.CreateAsync(host, Tenant);
        var env = host.CliEnvironment(Tenant, key);
        await Cli(env, 0, "labels", "set", "crude", "earn", "money-fx");
        await Cli(env, 0, "import", Fixture("reuters-mini.jsonl"), "--split", "train");
        await Cli(env, 0, "train", "--wait");
        var stored = await StoredAsync(env);

        await RedisAsync("stop");
        var failed = Stopwatch.StartNew();
        var write = await CliProcess.RunAsync(env, "import", _rows);
        failed.Stop();
        Assert.True(write.ExitCode == 2, write.ToString());
        Assert.True(write.Err.Contains("Unavailable", StringComparison.Ordinal), $"{write}\nhost:\n{string.Join('\n', host.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(12))}");
        Assert.DoesNotContain("Internal", write.Err, StringComparison.Ordinal);
        // Inside the call's own deadline (30 s), not hung until the client gives up.
        Assert.True(failed.Elapsed < TimeSpan.FromSeconds(30), $"the failed write took {failed.Elapsed}");
        var classified = await Cli(env, 0, "classify", "OPEC agreed to cut crude output", "--json");
        Assert.Contains("\"label\"", classified.Out, StringComparison.Ordinal);
        Assert.False(host.HasExited, "the host exited during the outage");

        await RedisAsync("start");
        // The same command, no restart: the gateway and grain reconnect (the import id was not recorded, so no --resume).
        var again = await Eventually.UntilAsync(() => CliProcess.RunAsync(env, "import", _rows), r => r.ExitCode == 0, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(stored + 12, await StoredAsync(env));
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static async Task<CliResult> Cli(IReadOnlyDictionary<string, string> env, int exitCode, params string[] args)
    {
        var result = await CliProcess.RunAsync(env, args);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        return result;
    }

    private static async Task<long> StoredAsync(IReadOnlyDictionary<string, string> env) =>
        JsonDocument.Parse((await Cli(env, 0, "examples", "count", "--json")).Out).RootElement.GetProperty("total").GetInt64();

    /// <summary>deploy/redis-test-server.sh on this test's own directory and port (AOF on: a restart keeps what was written).</summary>
    private async Task RedisAsync(string verb)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "LLMEmbed.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(root, "deploy", "redis-test-server.sh"), verb, _redisDir, _redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"redis-test-server.sh {verb}: {await err}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await RedisAsync("stop");
        if (Directory.Exists(_redisDir)) Directory.Delete(_redisDir, recursive: true);
        File.Delete(_rows);
    }
}
