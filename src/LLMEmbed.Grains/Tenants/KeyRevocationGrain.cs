using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Pushes revocations to the subscribed gateways (one-way calls, so one slow or gone gateway delays nobody).
/// Subscriptions live in memory and expire after <see cref="Expiry"/> unless renewed: gateways renew every
/// few seconds, so one whose process died drops out, and a new activation of this grain (its silo died) has them
/// all back within a renewal. A revocation pushed in between is missed there: Gateway:AuthCacheDuration bounds it.
/// </summary>
public sealed class KeyRevocationGrain(ILogger<KeyRevocationGrain> logger) : Grain, IKeyRevocationGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IKeyRevocationObserver> _gateways = new(Expiry, logger);

    public Task Subscribe(IKeyRevocationObserver observer)
    {
        _gateways.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IKeyRevocationObserver observer)
    {
        _gateways.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Revoke(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        _gateways.Notify(g => g.Revoked(tenant));
        return Task.CompletedTask;
    }
}
