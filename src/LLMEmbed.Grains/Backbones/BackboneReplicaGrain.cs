using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Placement;
using Orleans.Concurrency;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Thin actor over this silo's batcher for one backbone: one replica per (backbone, backbone-host
/// silo), placed on exactly the silo its key names. Reentrant, so concurrent callers' texts wait in
/// the same queue and share model runs. Texts arrive validated; token limits and long-text windows are <see cref="ReplicaTokens"/>' part.
/// </summary>
[Reentrant]
[BackboneReplicaPlacement]
public sealed class BackboneReplicaGrain(BackboneRegistry registry, ILocalSiloDetails silo) : Grain, IBackboneReplicaGrain
{
    private string _backboneId = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!ReplicaKey.TryParse(key, out _backboneId, out var target) || !target.Equals(silo.SiloAddress))
            throw new NoBackboneReplicaException(_backboneId, $"Replica '{key}' activated on {silo.SiloAddress}, which is not the silo its key names.");
        return Task.CompletedTask;
    }

    public async Task<BackboneReply> Embed(EmbedTextsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runtime = await registry.GetAsync(_backboneId);
        var hidden = runtime.Batcher.Backbone.Manifest.HiddenSize;
        var size = EmbeddingBlob.SizeOf(request.Texts.Length, request.Taps.Length, hidden, request.Precision);
        if (size > ClusterLimits.MaxBlobBytes)
            throw new LimitExceededException(
                $"{request.Texts.Length} texts x {request.Taps.Length} taps x {hidden} would return {size} bytes, over the {ClusterLimits.MaxBlobBytes}-byte limit; split the call.",
                nameof(ClusterLimits.MaxBlobBytes));
        var tokens = ReplicaTokens.Of(request, runtime.Tokenizer, runtime.MaxTokens, _backboneId);
        try
        {
            var layers = await runtime.Batcher.EnqueueAsync(tokens.Batch, request.Taps, request.Pooling.ToCore(), cancellationToken);
            var blob = tokens.PerText(layers).ToBlob(request.Precision) with { Truncated = tokens.Truncated, Windows = tokens.ReportedWindows };
            return new BackboneReply(blob, runtime.Batcher.Statistics.QueueDepth);
        }
        catch (BackboneOverloadedException overloaded)
        {
            throw new BackboneOverloadedGrainException(overloaded.BackboneId, overloaded.Capacity, overloaded.Message);
        }
    }

    public Task<int> QueueDepth() =>
        Task.FromResult(registry.TryGetLoaded(_backboneId, out var runtime) ? runtime.Batcher.Statistics.QueueDepth : 0);

    public Task<BackboneInfo?> Describe()
    {
        if (!registry.TryGetLoaded(_backboneId, out var runtime)) return Task.FromResult<BackboneInfo?>(null);
        var backbone = runtime.Batcher.Backbone;
        var stats = runtime.Batcher.Statistics;
        var runs = stats.ExecutedRuns;
        return Task.FromResult<BackboneInfo?>(new BackboneInfo(
            backbone.Manifest.Id, silo.SiloAddress.ToString(), backbone.ExecutionProvider,
            backbone.Manifest.Layers, backbone.Manifest.HiddenSize,
            stats.Batches, stats.Sequences, stats.LargestBatch, stats.Rejected, stats.Dropped, stats.QueueDepth,
            runs.Runs, runs.Sequences, runs.RealTokens, runs.PaddedTokens, [.. runs.SizeCounts]));
    }
}
