using System.Text.Json;

namespace LLMEmbed.Gateway.Tests.HostProcess;

internal static class TenantKeys
{
    /// <summary>Creates a tenant with `llmembed tenant create NAME --recipe last --json` and returns its key.</summary>
    public static async Task<string> CreateAsync(HostProcessFixture host, string tenant)
    {
        var created = await CliProcess.RunAsync(host.CliEnvironment(), "tenant", "create", tenant, "--recipe", "last", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        return JsonDocument.Parse(created.Out).RootElement.GetProperty("key").GetString()!;
    }
}
