using System.Diagnostics.Metrics;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Cluster.Tests;

public class FusionCacheTests
{
    private static FusionCache Create(int entries, long bytes = 1 << 20) =>
        new(Options.Create(new FusionCacheOptions { CacheEntries = entries, CacheBytes = bytes }));

    [Fact]
    public void The_least_recently_used_vector_is_evicted_first()
    {
        using var cache = Create(entries: 2);
        var (a, b, c) = (FusionCache.KeyOf("last", "a"), FusionCache.KeyOf("last", "b"), FusionCache.KeyOf("last", "c"));
        cache.Put(a, [1], false);
        cache.Put(b, [2], true);
        Assert.True(cache.TryGet(a, out _, out _));
        cache.Put(c, [3], false);
        Assert.True(cache.TryGet(a, out var vector, out var truncated));
        Assert.Equal([1], vector);
        Assert.False(truncated);
        Assert.False(cache.TryGet(b, out _, out _));
        var stats = cache.Snapshot();
        Assert.Equal((2L, 1L, 1L, 2), (stats.Hits, stats.Misses, stats.Evictions, stats.Entries));
    }

    [Fact]
    public void The_byte_budget_bounds_the_cache_and_recipes_do_not_share_entries()
    {
        using var cache = Create(entries: 100, bytes: 8);
        cache.Put(FusionCache.KeyOf("last", "x"), new float[1], false);
        cache.Put(FusionCache.KeyOf("layers", "x"), new float[1], false);
        cache.Put(FusionCache.KeyOf("concat", "x"), new float[1], false);
        Assert.Equal(8, cache.Snapshot().Bytes);
        Assert.False(cache.TryGet(FusionCache.KeyOf("last", "x"), out _, out _));
        Assert.True(cache.TryGet(FusionCache.KeyOf("layers", "x"), out _, out _));
    }

    [Fact]
    public void Tenants_do_not_share_entries_unless_the_operator_says_so()
    {
        using var own = Create(entries: 10);
        own.Put(FusionCache.KeyOf("last", "x", own.ScopeOf("tenant-b")), [1], false);
        Assert.False(own.TryGet(FusionCache.KeyOf("last", "x", own.ScopeOf("tenant-a")), out _, out _));
        Assert.True(own.TryGet(FusionCache.KeyOf("last", "x", own.ScopeOf("tenant-b")), out _, out _));

        using var shared = new FusionCache(Options.Create(new FusionCacheOptions { CacheEntries = 10, ShareAcrossTenants = true }));
        shared.Put(FusionCache.KeyOf("last", "x", shared.ScopeOf("tenant-b")), [1], false);
        Assert.True(shared.TryGet(FusionCache.KeyOf("last", "x", shared.ScopeOf("tenant-a")), out _, out _));
    }

    [Fact]
    public void Hits_and_misses_reach_the_meter()
    {
        long hits = 0, misses = 0;
        using var listener = new MeterListener();
        using var cache = Create(entries: 10);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FusionCache.MeterName) l.EnableMeasurementEvents(instrument, cache);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, state) =>
        {
            if (!ReferenceEquals(state, cache)) return;
            if (instrument.Name.EndsWith("hits", StringComparison.Ordinal)) hits += value;
            if (instrument.Name.EndsWith("misses", StringComparison.Ordinal)) misses += value;
        });
        listener.Start();
        var key = FusionCache.KeyOf("last", "t");
        cache.TryGet(key, out _, out _);
        cache.Put(key, [1, 2], false);
        cache.TryGet(key, out _, out _);
        cache.TryGet(key, out _, out _);
        Assert.Equal((2L, 1L), (hits, misses));
        Assert.Equal(2.0 / 3, cache.Snapshot().HitRatio, 6);
    }
}
