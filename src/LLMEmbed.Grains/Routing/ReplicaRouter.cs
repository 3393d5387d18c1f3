using LLMEmbed.Core.Sampling;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Placement;

namespace LLMEmbed.Grains.Routing;

/// <summary>
/// Chooses which replica of a backbone a call goes to: the best accelerator class first (CUDA before
/// CPU unless configured otherwise), then power-of-two-choices on load, where load is the replica's
/// last reported queue depth (ignored once older than <see cref="RoutingOptions.DepthMaxAge"/>) plus the
/// sequences this router has in flight to it. Replicas that failed or were full are skipped for a
/// while, but tried again before giving up. Pure apart from its clock and seeded random source; thread-safe.
/// </summary>
public sealed class ReplicaRouter
{
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly SeededRandom _random;
    private readonly object _lock = new();
    private readonly Dictionary<string, Load> _loads = new(StringComparer.Ordinal);

    public ReplicaRouter(RoutingOptions options, TimeProvider? time = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _random = new SeededRandom(unchecked((ulong)seed));
    }

    /// <summary>
    /// The replica to try next, or null when every live replica is in <paramref name="exclude"/> (already
    /// tried by this call) or none is live.
    /// </summary>
    public ReplicaCandidate? Choose(IReadOnlyList<ReplicaCandidate> live, IReadOnlySet<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(exclude);
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var open = live.Where(c => !exclude.Contains(c.Key)).ToList();
            if (open.Count == 0) return null;
            // Skipped replicas stay a last resort: a replica that was full a moment ago may have room now.
            var healthy = open.Where(c => !IsSkipped(c.Key, now)).ToList();
            var pool = healthy.Count > 0 ? healthy : open;
            var best = pool.Min(Rank);
            var tier = pool.Where(c => Rank(c) == best).ToList();
            if (tier.Count == 1) return tier[0];
            var a = _random.NextInt(tier.Count);
            var b = _random.NextInt(tier.Count - 1);
            if (b >= a) b++;
            return LoadOf(tier[b].Key, now) < LoadOf(tier[a].Key, now) ? tier[b] : tier[a];
        }
    }

    /// <summary>A call of <paramref name="sequences"/> texts was sent to the replica.</summary>
    public void Sent(string key, int sequences)
    {
        lock (_lock) Get(key).InFlight += sequences;
    }

    /// <summary>The call came back; <paramref name="queueDepth"/> is the depth the replica reported (null if none).</summary>
    public void Returned(string key, int sequences, int? queueDepth)
    {
        lock (_lock)
        {
            var load = Get(key);
            load.InFlight = Math.Max(0, load.InFlight - sequences);
            if (queueDepth is { } depth) Report(load, depth);
        }
    }

    /// <summary>
    /// The replica's silo is gone or refused the message: skip it for a while, doubling from
    /// <see cref="RoutingOptions.FailureBackoff"/> with each failure in a row up to <see cref="RoutingOptions.EjectFor"/>.
    /// A silo that just joined may refuse a first call; one that died keeps failing and is soon skipped for long.
    /// </summary>
    public void Failed(string key)
    {
        lock (_lock)
        {
            var load = Get(key);
            load.Failures++;
            var span = TimeSpan.FromTicks(Math.Min(_options.EjectFor.Ticks, _options.FailureBackoff.Ticks << Math.Min(load.Failures - 1, 20)));
            load.SkipUntil = _time.GetTimestamp() + (long)(span.TotalSeconds * _time.TimestampFrequency);
        }
    }

    /// <summary>The replica's queue was full: skip it for <see cref="RoutingOptions.FullBackoff"/>.</summary>
    public void Full(string key) => SkipFor(key, _options.FullBackoff);

    /// <summary>A probe answered with the replica's depth.</summary>
    public void Probed(string key, int queueDepth)
    {
        lock (_lock) Report(Get(key), queueDepth);
    }

    /// <summary>
    /// Whether the caller should probe the replica's depth now: its figure is stale and it was not probed
    /// within <see cref="RoutingOptions.ProbeInterval"/>. Returning true books the probe.
    /// </summary>
    public bool ShouldProbe(string key)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var load = Get(key);
            if (load.ReportedAt is { } at && _time.GetElapsedTime(at, now) <= _options.DepthMaxAge) return false;
            if (load.ProbedAt is { } probed && _time.GetElapsedTime(probed, now) < _options.ProbeInterval) return false;
            load.ProbedAt = now;
            return true;
        }
    }

    /// <summary>Current load figure of a replica (reported depth if fresh, plus in-flight sequences).</summary>
    public int LoadOf(string key)
    {
        lock (_lock) return LoadOf(key, _time.GetTimestamp());
    }

    /// <summary>
    /// Forgets the replicas of silos that are no longer live backbone hosts (and keys that name no silo), so the
    /// table does not grow with every silo that ever existed. Called by <see cref="ReplicaDirectory"/> when the hosts change
    /// (a call still out to a departed silo may book it again when it returns; the next change forgets it).
    /// </summary>
    public void Retain(IReadOnlyCollection<SiloAddress> liveHosts)
    {
        ArgumentNullException.ThrowIfNull(liveHosts);
        lock (_lock)
        {
            var keep = liveHosts.ToHashSet();
            foreach (var key in _loads.Keys.Where(k => !ReplicaKey.TryParse(k, out _, out var silo) || !keep.Contains(silo)).ToList()) _loads.Remove(key);
        }
    }

    private int Rank(ReplicaCandidate candidate) =>
        _options.PreferAccelerator && !string.Equals(candidate.Accelerator, SiloRoleOptions.Cuda, StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    private int LoadOf(string key, long now)
    {
        if (!_loads.TryGetValue(key, out var load)) return 0;
        var fresh = load.ReportedAt is { } at && _time.GetElapsedTime(at, now) <= _options.DepthMaxAge;
        return (fresh ? load.Depth : 0) + load.InFlight;
    }

    private bool IsSkipped(string key, long now) =>
        _loads.TryGetValue(key, out var load) && load.SkipUntil is { } until && now < until;

    private void SkipFor(string key, TimeSpan span)
    {
        lock (_lock) Get(key).SkipUntil = _time.GetTimestamp() + (long)(span.TotalSeconds * _time.TimestampFrequency);
    }

    private void Report(Load load, int depth)
    {
        load.Depth = Math.Max(0, depth);
        load.ReportedAt = _time.GetTimestamp();
        load.SkipUntil = null; // it answered: whatever made us skip it is over
        load.Failures = 0;
    }

    private Load Get(string key)
    {
        if (!_loads.TryGetValue(key, out var load)) _loads[key] = load = new Load();
        return load;
    }

    private sealed class Load
    {
        public int Depth;
        public long? ReportedAt;
        public long? ProbedAt;
        public int InFlight;
        public long? SkipUntil;
        public int Failures;
    }
}
