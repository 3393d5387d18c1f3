using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// README's three walkthroughs (docs/walkthrough-http.sh, -cli.sh, -import.sh, each shown verbatim in
/// README.md) run as a newcomer runs them: with bash, the built CLI and curl, one after the other against
/// one fresh host, in an order other than README's, so none depends on another having run or not.
/// The import walkthrough is real-sized: 600 real IMDB reviews of both labels on the default recipe.
/// </summary>
public sealed class ReadmeWalkthroughTests(HostProcessFixture host) : IClassFixture<HostProcessFixture>
{
    private static readonly string[] Scripts = ["walkthrough-http.sh", "walkthrough-cli.sh", "walkthrough-import.sh"];

    [Fact]
    public void Readme_shows_every_line_of_every_walkthrough()
    {
        var readme = File.ReadAllLines(Configuration.RepositoryFiles.Path("README.md")).Select(l => l.TrimEnd('\r')).ToHashSet();
        foreach (var script in Scripts)
            foreach (var line in Body(script))
                Assert.True(readme.Contains(line), $"README.md does not show this line of docs/{script} verbatim:\n{line}");
    }

    [Fact]
    public async Task The_walkthroughs_run_one_after_another_on_a_fresh_host()
    {
        var config = Directory.CreateTempSubdirectory("llmembed-walkthrough-keys-");
        try
        {
            var http = await RunAsync("walkthrough-http.sh", config.FullName);
            Assert.Contains("tenant key (sign in to the console at", http.Out);
            Assert.Contains("\"crude\"", http.Out);

            var cli = await RunAsync("walkthrough-cli.sh", config.FullName);
            var dollar = Labelled(cli.Out).Single();
            Assert.Equal("money-fx", dollar["label"]!.GetValue<string>());
            Assert.True(File.Exists(Path.Combine(config.FullName, "llmembed", "news.json")));

            var import = await RunAsync("walkthrough-import.sh", config.FullName);
            Assert.Contains("imported 600 examples", import.Out + import.Err);
            var reviews = Labelled(import.Out).ToArray();
            Assert.Equal(["positive", "negative"], reviews.Select(r => r["label"]!.GetValue<string>()));
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    /// <summary>The lines a reader types: everything after `set -euo pipefail` but blank lines.</summary>
    private static IEnumerable<string> Body(string script) =>
        File.ReadAllLines(Configuration.RepositoryFiles.Path("docs", script))
            .SkipWhile(l => !l.StartsWith("set -euo pipefail", StringComparison.Ordinal)).Skip(1).Where(l => l.Trim().Length > 0);

    /// <summary>The JSON lines of `classify --json`, one per text.</summary>
    private static IEnumerable<JsonNode> Labelled(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{') && l.Contains("\"label\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!);

    private async Task<CliResult> RunAsync(string script, string configHome)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Configuration.RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("docs", script));
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LLMEMBED_", StringComparison.Ordinal) && k != "LLMEMBED_HOME").ToList())
            start.Environment.Remove(key);
        start.Environment["LLMEMBED_ENDPOINT"] = host.Endpoint;
        start.Environment["LLMEMBED_ADMIN_KEY"] = HostProcessFixture.AdminKey;
        start.Environment["LLMEMBED_HTTP"] = host.HttpBase;
        start.Environment["ADMIN_KEY"] = HostProcessFixture.AdminKey;
        start.Environment["LLMEMBED_CLI"] = Path.ChangeExtension(BuiltOutputs.CliDll, null);
        start.Environment["XDG_CONFIG_HOME"] = configHome;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Bounded: the real-sized import is the longest (about a minute on a quiet 2-core machine).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docs/{script} did not finish in 12 minutes:\n{await stdout}\n{await stderr}");
        }
        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        Assert.True(result.ExitCode == 0, $"docs/{script}: {result}");
        return result;
    }
}
