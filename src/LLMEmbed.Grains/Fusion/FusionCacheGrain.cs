using LLMEmbed.Grains.Abstractions.Fusion;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Fusion;

/// <summary>This silo's fused-vector cache counters (a stateless worker, so it answers for the silo it runs on).</summary>
[StatelessWorker]
public sealed class FusionCacheGrain(FusionCache cache, ILocalSiloDetails silo) : Grain, IFusionCacheGrain
{
    public Task<FusionCacheStats> Stats()
    {
        var s = cache.Snapshot();
        return Task.FromResult(new FusionCacheStats(silo.SiloAddress.ToString(), s.Hits, s.Misses, s.Evictions, s.Entries, s.Bytes));
    }
}
