using System.Text.Json;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>`llmembed labels add|rename|retire` against the real host.</summary>
[Collection(HostProcessCollection.Name)]
public sealed class LabelsCliTests(HostProcessFixture host)
{
    [Fact]
    public async Task Labels_are_added_renamed_and_retired_one_at_a_time()
    {
        var key = await TenantKeys.CreateAsync(host, "labels");
        var env = host.CliEnvironment("labels", key);
        Assert.Equal(["crude:active", "earn:active"], await Labels(env, "set", "crude", "earn"));
        Assert.Equal(["crude:active", "earn:active", "money:active"], await Labels(env, "add", "money"));
        Assert.Equal(["crude:active", "earn:active", "money-fx:active"], await Labels(env, "rename", "money", "money-fx"));
        Assert.Equal(["earn:active", "money-fx:active"], await Labels(env, "retire", "crude"));
        Assert.Equal(["crude:retired", "earn:active", "money-fx:active"], await Labels(env, "list", "--include-retired"));
        Assert.Equal(["crude:active", "earn:active", "money-fx:active"], await Labels(env, "add", "crude"));
    }

    /// <summary>Runs `llmembed labels ARGS --json` and returns the label set it printed as "name:state".</summary>
    private static async Task<string[]> Labels(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var result = await CliProcess.RunAsync(env, ["labels", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Out).RootElement.EnumerateArray()
            .Select(l => $"{l.GetProperty("label").GetString()}:{(l.GetProperty("retired").GetBoolean() ? "retired" : "active")}")
            .ToArray();
    }
}
