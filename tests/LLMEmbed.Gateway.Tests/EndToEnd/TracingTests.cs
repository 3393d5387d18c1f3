using System.Collections.Concurrent;
using System.Diagnostics;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>One Classify call is one trace: the gateway's server span with the grain calls below it.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class TracingTests(GatewayHostFixture host)
{
    [Fact]
    public async Task A_classify_call_is_one_trace_from_gateway_to_backbone()
    {
        var alpha = await host.AlphaAsync();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GatewayTelemetry.Name || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        // A text no earlier test sent, so the fusion cache misses and the backbone runs.
        await new Inference.InferenceClient(host.Channel).ClassifyAsync(
            new ClassifyRequest { Tenant = "alpha", Texts = { $"Crude oil output was cut by {Guid.NewGuid():N} barrels." } },
            GatewayHostFixture.Bearer(alpha.Key));

        var root = Assert.Single(spans, s => s.Source.Name == GatewayTelemetry.Name && s.DisplayName == "llmembed.v1.Inference/Classify");
        var trace = spans.Where(s => s.TraceId == root.TraceId).Select(s => s.DisplayName).ToList();
        Assert.Contains(trace, n => n.Contains("ITenantInferenceGrain", StringComparison.Ordinal) && n.Contains("Classify", StringComparison.Ordinal));
        // Fusion is a grain on the tenant grain's silo (a local hop, its own span), the backbone replica below it.
        Assert.Contains(trace, n => n.Contains("IFusionGrain", StringComparison.Ordinal) && n.Contains("Fuse", StringComparison.Ordinal));
        Assert.Contains(trace, n => n.Contains("IBackboneReplicaGrain", StringComparison.Ordinal) && n.Contains("Embed", StringComparison.Ordinal));
    }
}
