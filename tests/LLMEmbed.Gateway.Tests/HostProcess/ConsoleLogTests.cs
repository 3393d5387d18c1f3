using System.Text.RegularExpressions;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// README's walkthrough with the real CLI against the real host, bad requests included: the host's
/// console stays a short read, client errors leave no stack trace, and the CLI's redirected output is plain lines.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed partial class ConsoleLogTests(HostProcessFixture host)
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reuters-mini.jsonl");

    [Fact]
    public async Task The_walkthrough_leaves_a_short_log_without_stack_traces_and_plain_cli_output()
    {
        var key = await TenantKeys.CreateAsync(host, "walk");
        var env = host.CliEnvironment("walk", key);
        await Ok(env, "labels", "set", "crude", "earn", "money-fx");
        await Ok(env, "import", Fixture, "--split", "train");
        var trained = await Ok(env, "train", "--wait", "--poll-seconds", "0.2");
        var classified = await Ok(env, "classify", "OPEC agreed to cut crude output", "Quarterly net profit rose 12 pct", "--json");
        Assert.Contains("crude", classified.Out);

        // Bad requests a newcomer makes, each a client error.
        var longLabel = "no-such-label-" + new string('x', 90);
        var rename = await CliProcess.RunAsync(env, "labels", "rename", longLabel, "other");
        var rollback = await CliProcess.RunAsync(env, "heads", "rollback");
        var duplicate = await CliProcess.RunAsync(host.CliEnvironment(), "tenant", "create", "walk");
        var wrongKey = await CliProcess.RunAsync(host.CliEnvironment("walk", "lle_walk.wrong"), "labels", "list");
        var unknown = await CliProcess.RunAsync(host.CliEnvironment("nobody", key), "classify", "hello");
        var jobId = StartedJob().Match(trained.Err).Groups[1].Value;
        Assert.StartsWith($"{jobId} succeeded 100%", (await Ok(env, "jobs", "show", jobId)).Out.Trim());
        var cancelEnded = await CliProcess.RunAsync(env, "jobs", "cancel", jobId);
        foreach (var failed in new[] { rename, rollback, duplicate, wrongKey, unknown, cancelEnded }) Assert.Equal(2, failed.ExitCode);
        Assert.StartsWith("error: FailedPrecondition:", rollback.Err.Trim());
        Assert.Contains("already ended (succeeded)", cancelEnded.Err, StringComparison.Ordinal);

        // Without a terminal: progress as plain lines ending in the final state, errors on one unwrapped line.
        var progress = trained.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("train walk:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(progress);
        Assert.StartsWith("train walk: 100% succeeded", progress[^1]);
        Assert.DoesNotContain('\r', trained.Err);
        Assert.DoesNotContain('\u001b', trained.Err + trained.Out);
        var renameError = Assert.Single(rename.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(longLabel, renameError);
        Assert.True(renameError.Length > 80, renameError);

        // The summary line reports the traffic; the whole log stays short and free of stack traces.
        await host.WaitForLineAsync(l => SummaryWithRequests().IsMatch(l), TimeSpan.FromSeconds(30));
        var lines = host.Lines;
        Assert.True(lines.Count < 300, $"{lines.Count} lines:\n{string.Join('\n', lines)}");
        Assert.DoesNotContain(lines, l => StackFrame().IsMatch(l));
        Assert.DoesNotContain(lines, l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Application started", StringComparison.Ordinal));
    }

    private static async Task<CliResult> Ok(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var result = await CliProcess.RunAsync(env, args);
        Assert.True(result.ExitCode == 0, $"llmembed {string.Join(' ', args)}: {result}");
        return result;
    }

    /// <summary>A stack frame ("at Namespace.Type.Method("), on its own line or, with the single-line console format, inside one.</summary>
    [GeneratedRegex(@"(^|\s)at [A-Za-z_][\w.`<>\[\],+]*\(")]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"started job (\w+)")]
    private static partial Regex StartedJob();

    [GeneratedRegex(@"KeyFiguresLogger.*: [1-9]\d* requests")]
    private static partial Regex SummaryWithRequests();
}
