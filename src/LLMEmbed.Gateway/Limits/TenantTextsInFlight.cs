using System.Collections.Concurrent;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Limits;

/// <summary>
/// Texts each tenant has in flight through this gateway (classify, embed, add examples), bounded by
/// <see cref="GatewayOptions.MaxTextsInFlightPerTenant"/>: a tenant's burst of large calls holds at most that many
/// texts in the cluster's queues at once, whatever its request rate allows. A call that would pass the bound is
/// refused up front (ResourceExhausted <c>texts_in_flight</c>, retry-after 1 s); a tenant with nothing in flight
/// is always admitted, so one call at the per-call limit never waits on this.
/// </summary>
public sealed class TenantTextsInFlight(IOptions<GatewayOptions> options)
{
    public const string LimitName = "texts_in_flight";
    private readonly int _limit = options.Value.MaxTextsInFlightPerTenant;
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public int InFlight(string tenant) => _inFlight.GetValueOrDefault(tenant);

    /// <summary>Admits <paramref name="texts"/> more for the tenant; dispose the lease when the call ends.</summary>
    public Lease Enter(string tenant, int texts)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        if (_limit == 0 || texts <= 0) return new Lease(this, tenant, 0);
        while (true)
        {
            var current = _inFlight.GetValueOrDefault(tenant);
            if (current > 0 && current + texts > _limit)
                throw new LimitExceededException(
                    $"{LimitName} limit: tenant \"{tenant}\" has {current} texts in flight on this gateway and {texts} more would pass {_limit}; retry shortly.",
                    LimitName, TimeSpan.FromSeconds(1));
            if (current == 0 ? _inFlight.TryAdd(tenant, texts) : _inFlight.TryUpdate(tenant, current + texts, current))
                return new Lease(this, tenant, texts);
        }
    }

    private void Leave(string tenant, int texts)
    {
        while (true)
        {
            var current = _inFlight.GetValueOrDefault(tenant);
            // The entry goes when its count reaches 0, so idle tenants cost nothing here.
            if (current == texts ? _inFlight.TryRemove(new KeyValuePair<string, int>(tenant, current)) : _inFlight.TryUpdate(tenant, current - texts, current)) return;
        }
    }

    public readonly struct Lease(TenantTextsInFlight owner, string tenant, int texts) : IDisposable
    {
        public void Dispose()
        {
            if (texts > 0) owner.Leave(tenant, texts);
        }
    }
}
