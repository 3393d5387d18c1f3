using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using LLMEmbed.Cli.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>What `llmembed` says and does at the edges, against the real host: rate refusals, long rows, no host, no --tenant.</summary>
[Collection(HostProcessCollection.Name)]
public sealed class ClientCallsCliTests(HostProcessFixture host)
{
    [Fact]
    public async Task A_call_the_request_rate_refuses_is_retried_until_it_passes()
    {
        var created = await CliProcess.RunAsync(host.CliEnvironment(), "tenant", "create", "slow", "--recipe", "last", "--requests-per-second", "1", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var key = JsonDocument.Parse(created.Out).RootElement.GetProperty("key").GetString()!;
        var waits = new List<TimeSpan>();
        using var channel = GrpcChannel.ForAddress(host.Endpoint);
        var calls = new GatewayCalls(new Uri(host.Endpoint), GatewayRetryPolicy.Default with { MaxAttempts = 10 }, (wait, ct) => { waits.Add(wait); return Task.Delay(wait, ct); });
        var labels = new Labels.LabelsClient(channel.Intercept(calls));
        var bearer = new Metadata { { "authorization", $"Bearer {key}" } };
        // One request a second: the second of two back-to-back calls is refused (requests_per_second) until the bucket refills.
        await labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "slow", Labels = { "a", "b" } }, bearer);
        var listed = await labels.ListLabelsAsync(new ListLabelsRequest { Tenant = "slow" }, bearer);
        Assert.Equal(["a", "b"], listed.Labels.Select(l => l.Name));
        Assert.NotEmpty(waits);
    }

    [Fact]
    public async Task A_row_over_the_character_limit_is_named_by_its_line_and_cut_with_truncate()
    {
        var key = await TenantKeys.CreateAsync(host, "long-rows");
        var file = Path.Combine(Path.GetTempPath(), $"llmembed-long-{Guid.NewGuid():N}.jsonl");
        var longText = string.Join(' ', Enumerable.Repeat("crude oil prices fell sharply", 3000)); // ~90,000 characters
        File.WriteAllLines(file, [
            JsonSerializer.Serialize(new { text = "oil prices fell", label = "crude" }),
            JsonSerializer.Serialize(new { text = longText, label = "crude" }),
            JsonSerializer.Serialize(new { text = "profit rose", label = "earn" }),
        ]);
        try
        {
            // No LLMEMBED_TENANT: the tenant comes from the key.
            var env = new Dictionary<string, string> { ["LLMEMBED_ENDPOINT"] = host.Endpoint, ["LLMEMBED_KEY"] = key };
            var refused = await CliProcess.RunAsync(env, "import", file, "--add-labels");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"{file}:2", refused.Err);
            Assert.Contains("65,536", refused.Err);

            var imported = await CliProcess.RunAsync(env, "import", file, "--add-labels", "--truncate");
            Assert.True(imported.ExitCode == 0, imported.ToString());
            Assert.Contains("imported 3 examples (1 truncated", imported.Out);

            var classified = await CliProcess.RunAsync(env, "classify", longText, "--json");
            Assert.True(classified.ExitCode == 1, classified.ToString());
            Assert.Contains("text 1", classified.Err);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task A_host_that_is_not_running_is_named_with_what_to_check()
    {
        var env = new Dictionary<string, string> { ["LLMEMBED_ENDPOINT"] = "http://127.0.0.1:1", ["LLMEMBED_KEY"] = "lle_nobody.c2VjcmV0" };
        var result = await CliProcess.RunAsync(env, "classify", "oil prices fell");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:1/", result.Err);
        Assert.Contains("Is the host started", result.Err);
    }
}
