using LLMEmbed.Tests;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// README's curl walkthrough (docs/walkthrough-http.sh, shown verbatim in README.md) run line by line
/// against a real host: the same URLs, headers and bodies, the same variables captured from answers,
/// the same polling of the job. Any line the test cannot interpret fails it.
/// </summary>
public sealed partial class WalkthroughTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task The_readme_curl_walkthrough_works_as_written()
    {
        var root = RepositoryRoot();
        var script = await File.ReadAllLinesAsync(Path.Combine(root, "docs", "walkthrough-http.sh"));
        var readme = (await File.ReadAllTextAsync(Path.Combine(root, "README.md"))).Split('\n').Select(l => l.TrimEnd('\r')).ToHashSet();
        var body = script.SkipWhile(l => !l.StartsWith("set -euo pipefail", StringComparison.Ordinal)).Skip(1).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(body);
        foreach (var line in body) Assert.True(readme.Contains(line), $"README.md does not show this line of docs/walkthrough-http.sh verbatim:\n{line}");

        var variables = new Dictionary<string, string> { ["LLMEMBED_HTTP"] = host.Http.ToString().TrimEnd('/'), ["ADMIN_KEY"] = HttpHostFixture.AdminKey };
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var answers = new List<JsonNode>();
        foreach (var line in body)
        {
            if (line.StartsWith('#') || line.StartsWith("json_field() ", StringComparison.Ordinal) || line.StartsWith("echo ", StringComparison.Ordinal)) continue;
            if (Default().Match(line) is { Success: true } preset)
            {
                Assert.True(variables.ContainsKey(preset.Groups[1].Value), $"the test does not provide {preset.Groups[1].Value}");
                continue;
            }
            if (Capture().Match(line) is { Success: true } capture)
            {
                var answer = await RunAsync(client, capture.Groups[2].Value, variables, root);
                variables[capture.Groups[1].Value] = Field(answer, capture.Groups[3].Value);
                continue;
            }
            if (Until().Match(line) is { Success: true } until)
            {
                // The walkthrough's own `until ...; do sleep 1; done`, as a bounded wait for the state it names.
                var state = await Eventually.UntilAsync(
                    async () => Field(await RunAsync(client, until.Groups[1].Value, variables, root), until.Groups[2].Value),
                    st => st == until.Groups[3].Value || st == "JOB_STATE_FAILED", TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(1));
                Assert.Equal(until.Groups[3].Value, state);
                continue;
            }
            Assert.StartsWith("curl ", line);
            answers.Add(await RunAsync(client, line, variables, root));
        }

        // What the last steps printed: [labels, import, heads, classify, embeddings].
        Assert.Equal(5, answers.Count);
        Assert.Equal(180, answers[1]["accepted"]!.GetValue<long>());
        var head = answers[2]["heads"]!.AsArray().Single()!;
        Assert.True(head["active"]!.GetValue<bool>());
        Assert.True(head["metrics"]!["accuracy"]!.GetValue<double>() > 0.8, answers[2].ToJsonString());
        var results = answers[3]["results"]!.AsArray();
        Assert.Equal(["crude", "earn"], results.Select(r => r!["label"]!.GetValue<string>()));
        Assert.All(results, r => Assert.Equal(2, r!["probabilities"]!.AsArray().Count));
        Assert.Equal(384, answers[4]["data"]![0]!["embedding"]!.AsArray().Count);
    }

    private static async Task<JsonNode> RunAsync(HttpClient client, string command, IReadOnlyDictionary<string, string> variables, string root)
    {
        var (status, text) = await CurlLine.Parse(command, variables).SendAsync(client, root);
        Assert.True(status is >= 200 and < 300, $"{command}\n-> {status}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static string Field(JsonNode answer, string name) =>
        answer[name] is JsonValue value ? value.ToString() : throw new InvalidOperationException($"no field {name} in {answer.ToJsonString()}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "LLMEmbed.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException($"no LLMEmbed.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^(\w+)=\$\{\1:-.*\}$")]
    private static partial Regex Default();

    [GeneratedRegex(@"^(\w+)=\$\((curl .*) \| json_field (\w+)\)$")]
    private static partial Regex Capture();

    [GeneratedRegex(@"^until \[ ""\$\((curl .*) \| json_field (\w+)\)"" = (\w+) \]; do sleep 1; done$")]
    private static partial Regex Until();
}
