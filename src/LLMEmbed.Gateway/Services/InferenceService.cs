using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Google.Protobuf;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// Inference: texts are checked here once; a request is sent as bounded pieces (see
/// <see cref="RequestPieces"/>) carrying the call's deadline, so a caller that goes away stops
/// the texts not yet run.
/// </summary>
public sealed class InferenceService(IGrainFactory grains, TenantTextsInFlight inFlight) : Inference.InferenceBase
{
    public override async Task<ClassifyResponse> Classify(ClassifyRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        var info = caller.Info!;
        var (texts, cut) = RequestLimits.CheckTexts(request.Texts, info, request.Truncate);
        if (request.TopK < 0) throw new Grains.Abstractions.Errors.InvalidRequestException("top_k must not be negative.", "top_k");
        using var admitted = inFlight.Enter(caller.Tenant!, texts.Length);
        GatewayTelemetry.BatchSize.Record(texts.Length, new KeyValuePair<string, object?>("method", "Classify"));
        var grain = grains.GetGrain<ITenantInferenceGrain>(caller.Tenant!);
        if (request.Tasks.Count > 0)
        {
            // Named tasks: every task's answer from one fusion of each text, nested per text.
            var tasks = ClassifyTasks.Check(request.Tasks);
            var perText = await RequestPieces.MapAsync(texts.Length, info.TextsPerGrainCall,
                (start, count, ct) => InRequestTerms(start, () => grain.ClassifyTasks(texts[start..(start + count)], tasks, request.TopK, request.Truncate, ct)),
                context.CancellationToken);
            return new ClassifyResponse { Results = { perText.SelectMany(p => p).Select((answers, i) => ClassifyTasks.ToProto(answers, cut[i])) } };
        }
        var pieces = await RequestPieces.MapAsync(texts.Length, info.TextsPerGrainCall,
            (start, count, ct) => InRequestTerms(start, () => grain.Classify(texts[start..(start + count)], request.TopK, request.Truncate, ct)),
            context.CancellationToken);
        var results = pieces.SelectMany(p => p).Select((r, i) => cut[i] ? r with { Truncated = true } : r);
        return new ClassifyResponse { Results = { results.Select(r => r.ToProto()) } };
    }

    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        var info = caller.Info!;
        var (texts, _) = RequestLimits.CheckTexts(request.Texts, info, request.Truncate);
        GatewayTelemetry.BatchSize.Record(texts.Length, new KeyValuePair<string, object?>("method", "Embed"));
        using var admitted = inFlight.Enter(caller.Tenant!, texts.Length);
        var vectors = await EmbedAsync(grains.GetGrain<ITenantInferenceGrain>(caller.Tenant!), info, texts, request.Truncate, context.CancellationToken);
        return new EmbedResponse
        {
            Dimension = vectors.Length == 0 ? 0 : vectors[0].Length / sizeof(float),
            Vectors = { vectors.Select(ByteString.CopyFrom) },
            Recipe = info.Recipe,
        };
    }

    /// <summary>The tenant's fused vectors for checked texts, in bounded pieces (shared with the HTTP /v1/embeddings route).</summary>
    internal static async Task<byte[][]> EmbedAsync(ITenantInferenceGrain grain, TenantInfo info, string[] texts, bool truncate, CancellationToken cancellationToken)
    {
        var pieces = await RequestPieces.MapAsync(texts.Length, info.TextsPerGrainCall,
            (start, count, ct) => InRequestTerms(start, () => grain.Embed(texts[start..(start + count)], truncate, ct)),
            cancellationToken);
        return pieces.SelectMany(p => p).ToArray();
    }

    /// <summary>A piece's error names its text by the index in the whole request.</summary>
    internal static async Task<T> InRequestTerms<T>(int start, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Grains.Abstractions.Errors.InvalidRequestException e) when (start > 0 && ImportFailure.ExampleIndex(e) is not null)
        {
            throw ImportFailure.Shift(e, start);
        }
    }
}
