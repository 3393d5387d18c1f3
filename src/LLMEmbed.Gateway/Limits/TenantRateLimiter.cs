using System.Collections.Concurrent;
using LLMEmbed.Grains.Abstractions.Errors;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Limits;

/// <summary>
/// Per-tenant requests/s in this gateway process (a cluster of N gateways admits up to N times the
/// limit; keeping it local avoids a grain call per request).
/// </summary>
public sealed class TenantRateLimiter(TimeProvider clock)
{
    public const string LimitName = "requests_per_second";
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one request from the tenant's bucket or throws <see cref="LimitExceededException"/>.</summary>
    public void Acquire(string tenant, int requestsPerSecond)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        var bucket = _buckets.AddOrUpdate(tenant,
            _ => new TokenBucket(requestsPerSecond, clock),
            (_, existing) => existing.Rate == requestsPerSecond ? existing : new TokenBucket(requestsPerSecond, clock));
        if (!bucket.TryTake())
            throw new LimitExceededException($"{LimitName} limit ({requestsPerSecond}/s) exceeded for tenant \"{tenant}\"; retry shortly.", LimitName);
    }

    public void Forget(string tenant) => _buckets.TryRemove(tenant, out _);
}
