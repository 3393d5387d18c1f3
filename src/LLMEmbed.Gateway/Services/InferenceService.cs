using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Google.Protobuf;

namespace LLMEmbed.Gateway.Services;

/// <summary>Inference: counts and blank texts are refused here, token limits by the tenant grain.</summary>
public sealed class InferenceService(IGrainFactory grains) : Inference.InferenceBase
{
    public override async Task<ClassifyResponse> Classify(ClassifyRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        RequestLimits.CheckTexts(request.Texts, caller.Info!.Limits);
        if (request.TopK < 0) throw new Grains.Abstractions.Errors.InvalidRequestException("top_k must not be negative.", "top_k");
        GatewayTelemetry.BatchSize.Record(request.Texts.Count, new KeyValuePair<string, object?>("method", "Classify"));
        var results = await grains.GetGrain<ITenantGrain>(caller.Tenant!).Classify(request.Texts.ToArray(), request.TopK, request.Truncate);
        return new ClassifyResponse { Results = { results.Select(r => r.ToProto()) } };
    }

    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        RequestLimits.CheckTexts(request.Texts, caller.Info!.Limits);
        GatewayTelemetry.BatchSize.Record(request.Texts.Count, new KeyValuePair<string, object?>("method", "Embed"));
        var vectors = await grains.GetGrain<ITenantGrain>(caller.Tenant!).Embed(request.Texts.ToArray(), request.Truncate);
        return new EmbedResponse
        {
            Dimension = vectors.Length == 0 ? 0 : vectors[0].Length / sizeof(float),
            Vectors = { vectors.Select(ByteString.CopyFrom) },
            Recipe = caller.Info.Recipe,
        };
    }
}
