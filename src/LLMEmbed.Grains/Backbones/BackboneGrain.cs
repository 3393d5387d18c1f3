using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Placement;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Thin actor over the silo's batcher for one backbone. Reentrant, so concurrent callers' texts
/// wait in the same queue and share model runs; pinned to backbone-host silos.
/// </summary>
[Reentrant]
[BackboneHostPlacementFilter]
public sealed class BackboneGrain(BackboneRegistry registry, ILocalSiloDetails silo) : Grain, IBackboneGrain
{
    public async Task<EmbeddingBlob> EmbedTexts(EmbedTextsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var runtime = await registry.GetAsync(this.GetPrimaryKeyString());
        var hidden = runtime.Batcher.Backbone.Manifest.HiddenSize;
        var size = EmbeddingBlob.SizeOf(request.Texts.Length, request.Taps.Length, hidden, request.Precision);
        if (size > ClusterLimits.MaxBlobBytes)
            throw new ArgumentException(
                $"{request.Texts.Length} texts x {request.Taps.Length} taps x {hidden} would return {size} bytes, over the {ClusterLimits.MaxBlobBytes}-byte limit; split the call.");
        var tokens = Tokenize(request, runtime.Encoder, out var truncated);
        try
        {
            var layers = await runtime.Batcher.EnqueueAsync(tokens, request.Taps, request.Pooling, cancellationToken);
            return EmbeddingBlob.FromPooledLayers(layers, request.Precision) with { Truncated = truncated };
        }
        catch (BackboneOverloadedException overloaded)
        {
            throw new BackboneOverloadedGrainException(overloaded.BackboneId, overloaded.Capacity, overloaded.Message);
        }
    }

    /// <summary>Every text is checked before any is run, so a refused request costs no model time.</summary>
    private TokenBatch Tokenize(EmbedTextsRequest request, ITokenEncoder encoder, out bool[] truncated)
    {
        var sequences = new int[request.Texts.Length][];
        truncated = new bool[request.Texts.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            sequences[i] = encoder.Encode(request.Texts[i], out truncated[i]);
            if (truncated[i] && !request.Truncate)
                throw new TextTooLongException(i, encoder.CountTokens(request.Texts[i]), encoder.MaxTokens, this.GetPrimaryKeyString());
        }
        return TokenBatch.FromSequences(sequences);
    }

    public async Task<BackboneInfo> Describe()
    {
        var runtime = await registry.GetAsync(this.GetPrimaryKeyString());
        var backbone = runtime.Batcher.Backbone;
        var stats = runtime.Batcher.Statistics;
        return new BackboneInfo(
            backbone.Manifest.Id, silo.SiloAddress.ToString(), backbone.ExecutionProvider,
            backbone.Manifest.Layers, backbone.Manifest.HiddenSize,
            stats.Batches, stats.Sequences, stats.LargestBatch, stats.Rejected, stats.Dropped, stats.QueueDepth);
    }
}
