using System.Diagnostics;
using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

// Feedback: the grain checks, stores and remembers the answer; here only proto <-> contract and the metric.
public sealed partial class ExamplesService
{
    public override async Task<FeedbackResponse> Feedback(FeedbackRequest request, ServerCallContext context)
    {
        var tenant = context.TenantCaller().Tenant!;
        var result = await grains.GetGrain<ITenantExamplesGrain>(tenant)
            .Feedback(request.PredictionId, request.Label.Length == 0 ? null : request.Label, request.OutOfScope);
        if (!result.Repeated)
        {
            var kind = result.OutOfScope ? "out_of_scope" : result.Label == result.PredictedLabel ? "confirmation" : "correction";
            GatewayTelemetry.Feedback.Add(1, new TagList { { "tenant", tenant }, { "label", result.Label }, { "kind", kind } });
        }
        return new FeedbackResponse
        {
            ExampleId = result.ExampleId, Repeated = result.Repeated, PredictedLabel = result.PredictedLabel,
            Label = result.Label, OutOfScope = result.OutOfScope,
        };
    }
}
