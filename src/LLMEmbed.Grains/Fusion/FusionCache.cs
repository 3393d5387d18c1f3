using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// The silo's least-recently-used cache of fused vectors, keyed by (recipe with its long-text setting, scope, SHA-256 of
/// the text), bounded by entry count and bytes. The scope is the calling tenant unless <see cref="FusionCacheOptions.ShareAcrossTenants"/>:
/// a hit is far faster than a miss, so a shared entry would tell one tenant that another sent the same text. Thread-safe (one lock: lookups are a dictionary hit and a
/// list splice, far cheaper than the backbone work they save). Counters go to the
/// "LLMEmbed.Fusion" meter.
/// </summary>
public sealed class FusionCache : IDisposable
{
    public const string MeterName = "LLMEmbed.Fusion";

    private readonly object _lock = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly Meter _meter;
    private readonly Counter<long> _hitCounter, _missCounter, _evictionCounter;
    private long _hits, _misses, _evictions, _bytes;

    public FusionCache(IOptions<FusionCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxEntries = options.Value.CacheEntries;
        _maxBytes = options.Value.CacheBytes;
        ShareAcrossTenants = options.Value.ShareAcrossTenants;
        _meter = new Meter(MeterName);
        _hitCounter = _meter.CreateCounter<long>("llmembed.fusion.cache.hits", description: "Texts whose fused vector came from the cache");
        _missCounter = _meter.CreateCounter<long>("llmembed.fusion.cache.misses", description: "Texts that needed backbone work");
        _evictionCounter = _meter.CreateCounter<long>("llmembed.fusion.cache.evictions", description: "Vectors dropped to stay within the bounds");
        _meter.CreateObservableGauge("llmembed.fusion.cache.hit_ratio", () => Snapshot().HitRatio, description: "Hits / lookups since start");
    }

    /// <summary>Whether every tenant's texts share one scope (an operator's choice: fewer misses, but a cross-tenant timing signal).</summary>
    public bool ShareAcrossTenants { get; }

    /// <summary>The scope a caller's entries live in: its own, or the one shared scope ("").</summary>
    public string ScopeOf(string callerScope) => ShareAcrossTenants ? "" : callerScope;

    /// <summary>The cache key of a text in a scope: SHA-256 of its UTF-8 bytes.</summary>
    public static Key KeyOf(string recipe, string text, string scope = "")
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new Key(recipe, scope, new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..])),
            new UInt128(BitConverter.ToUInt64(hash[16..]), BitConverter.ToUInt64(hash[24..])));
    }

    /// <summary>The cached vector and truncation flag, counting a hit or a miss. The array is shared: never change it.</summary>
    public bool TryGet(Key key, out float[] vector, out bool truncated) => TryGet(key, out vector, out truncated, out _);

    /// <summary>As above, with the backbone windows the text took when it was embedded.</summary>
    public bool TryGet(Key key, out float[] vector, out bool truncated, out int windows)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                vector = node.Value.Vector;
                truncated = node.Value.Truncated;
                windows = node.Value.Windows;
                _hits++;
                _hitCounter.Add(1);
                return true;
            }
            _misses++;
        }
        _missCounter.Add(1);
        vector = [];
        truncated = false;
        windows = 0;
        return false;
    }

    /// <summary>Stores a vector (the caller must not change the array afterwards).</summary>
    public void Put(Key key, float[] vector, bool truncated, int windows = 1)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var size = (long)vector.Length * sizeof(float);
        if (_maxEntries == 0 || size > _maxBytes) return;
        var evicted = 0;
        lock (_lock)
        {
            if (_map.Remove(key, out var old))
            {
                _order.Remove(old);
                _bytes -= (long)old.Value.Vector.Length * sizeof(float);
            }
            _map[key] = _order.AddFirst(new Entry(key, vector, truncated, windows));
            _bytes += size;
            while (_map.Count > _maxEntries || _bytes > _maxBytes)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= (long)last.Value.Vector.Length * sizeof(float);
                evicted++;
            }
            _evictions += evicted;
        }
        if (evicted > 0) _evictionCounter.Add(evicted);
    }

    public (long Hits, long Misses, long Evictions, int Entries, long Bytes, double HitRatio) Snapshot()
    {
        lock (_lock)
        {
            var lookups = _hits + _misses;
            return (_hits, _misses, _evictions, _map.Count, _bytes, lookups == 0 ? 0 : (double)_hits / lookups);
        }
    }

    public void Dispose() => _meter.Dispose();

    public readonly record struct Key(string Recipe, string Scope, UInt128 HashHigh, UInt128 HashLow);

    private sealed record Entry(Key Key, float[] Vector, bool Truncated, int Windows);
}
