using System.Diagnostics;
using System.Globalization;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// deploy/redis-test-server.sh or deploy/postgres-test-server.sh on a test's own directory and port, so a test
/// can stop and start its own storage server without touching the one ./test.sh shares with the other tests.
/// </summary>
internal sealed class TestServerScript(string script, int port)
{
    public int Port { get; } = port;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"llmembed-{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid():N}");

    public Task StartAsync() => RunAsync("start");

    public Task StopAsync() => RunAsync("stop");

    public async Task DisposeAsync()
    {
        await StopAsync();
        // PostgreSQL's files belong to the postgres user when the tests run as root; rm copes, Directory.Delete may not.
        if (!System.IO.Directory.Exists(Directory)) return;
        using var remove = Process.Start("rm", ["-rf", Directory]);
        await remove.WaitForExitAsync();
    }

    private async Task RunAsync(string verb)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "LLMEmbed.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(root, "deploy", script), verb, Directory, Port.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} {verb}: {await output}{await err}");
    }
}
