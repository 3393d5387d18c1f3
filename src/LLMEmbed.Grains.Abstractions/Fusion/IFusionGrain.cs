using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Fusion;

/// <summary>
/// Turns texts into one recipe's fused feature vectors (key = recipe name, e.g. "llmembed").
/// A stateless worker on the caller's silo: it asks the recipe's backbone grains in parallel
/// and fuses exactly as the offline extractor does, skipping texts its silo has cached.
/// </summary>
public interface IFusionGrain : IGrainWithStringKey
{
    /// <summary>
    /// One vector per text, in order. With <paramref name="truncate"/> false a text over a backbone's
    /// token limit fails the call with a TextTooLongException naming its index here. Cancelling
    /// drops the texts not yet run by the backbones.
    /// </summary>
    Task<FusedBatch> Fuse(string[] texts, bool truncate, CancellationToken cancellationToken = default);

    /// <summary>This silo's cache counters.</summary>
    [AlwaysInterleave] Task<FusionCacheStats> CacheStats();
}
