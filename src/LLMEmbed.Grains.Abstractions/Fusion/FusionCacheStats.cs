namespace LLMEmbed.Grains.Abstractions.Fusion;

/// <summary>Counters of one silo's fused-vector cache since it started.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.fusion.FusionCacheStats")]
public sealed record FusionCacheStats(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Hits,
    [property: Id(2)] long Misses,
    [property: Id(3)] long Evictions,
    [property: Id(4)] int Entries,
    [property: Id(5)] long Bytes)
{
    /// <summary>Hits / lookups; 0 before the first lookup.</summary>
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
