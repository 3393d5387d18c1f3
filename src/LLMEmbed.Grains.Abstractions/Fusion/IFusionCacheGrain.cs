namespace LLMEmbed.Grains.Abstractions.Fusion;

/// <summary>
/// The fused-vector cache counters of the silo this stateless worker runs on (the caller's silo when
/// called from a grain; any silo when called from a client).
/// </summary>
[Alias("llmembed.fusion.IFusionCacheGrain")]
public interface IFusionCacheGrain : IGrainWithIntegerKey
{
    [Alias("Stats")]
    Task<FusionCacheStats> Stats();
}
