using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// Cluster-wide key revocation (key 0): every gateway subscribes; a key rotated, a tenant deleted or its settings
/// changed through any gateway is pushed to all of them, which forget their cached checks of that tenant at once.
/// </summary>
[Alias("llmembed.tenant.IKeyRevocationGrain")]
public interface IKeyRevocationGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a subscription; one that is not renewed expires (see the grain).</summary>
    [Alias("Subscribe")] Task Subscribe(IKeyRevocationObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IKeyRevocationObserver observer);
    [Alias("Revoke")] Task Revoke(string tenant);
}

/// <summary>A gateway's end of <see cref="IKeyRevocationGrain"/>.</summary>
[Alias("llmembed.tenant.IKeyRevocationObserver")]
public interface IKeyRevocationObserver : IGrainObserver
{
    [OneWay, Alias("Revoked")] Task Revoked(string tenant);
}
