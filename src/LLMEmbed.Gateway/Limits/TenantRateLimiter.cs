using System.Threading.RateLimiting;
using LLMEmbed.Grains.Abstractions.Errors;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Limits;

/// <summary>
/// Per-tenant requests/s in this gateway process (a cluster of N gateways admits up to N times the
/// limit; keeping it local avoids a grain call per request). One token bucket per tenant and rate,
/// refilled continuously up to a burst of one second's worth: a changed limit gets its own bucket at
/// once, and the library drops buckets left idle, so deleted tenants and old limits do not pile up.
/// </summary>
public sealed class TenantRateLimiter : IDisposable
{
    public const string LimitName = "requests_per_second";

    private readonly PartitionedRateLimiter<(string Tenant, int Rate)> _buckets = PartitionedRateLimiter.Create<(string Tenant, int Rate), (string, int)>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
        {
            TokenLimit = k.Rate,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / k.Rate),
            QueueLimit = 0,
            // The partitioned limiter's own timer replenishes its buckets, by the time elapsed.
            AutoReplenishment = false,
        }));

    /// <summary>Takes one request from the tenant's bucket or throws <see cref="LimitExceededException"/>.</summary>
    public void Acquire(string tenant, int requestsPerSecond)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        using var lease = _buckets.AttemptAcquire((tenant, requestsPerSecond));
        if (!lease.IsAcquired)
            throw new LimitExceededException($"{LimitName} limit ({requestsPerSecond}/s) exceeded for tenant \"{tenant}\"; retry shortly.", LimitName,
                lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1.0 / requestsPerSecond));
    }

    public void Dispose() => _buckets.Dispose();
}
