using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// This gateway's subscription to cluster-wide key revocations (<see cref="IKeyRevocationGrain"/>): a revocation
/// made through any gateway makes this one's <see cref="TenantAuthenticator"/> forget the tenant's cached checks.
/// Renewed every <see cref="Renewal"/> (every second until the first succeeds: the cluster may not be up yet).
/// </summary>
public sealed class KeyRevocationListener(IGrainFactory grains, TenantAuthenticator authenticator, ILogger<KeyRevocationListener> logger)
    : BackgroundService, IKeyRevocationObserver
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(10);
    private IKeyRevocationObserver? _reference;

    public Task Revoked(string tenant)
    {
        authenticator.Forget(tenant);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IKeyRevocationObserver>(this);
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IKeyRevocationGrain>(0).Subscribe(_reference);
                if (!subscribed) logger.LogDebug("Subscribed to key revocations");
                subscribed = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Until it succeeds, revocations from other gateways reach this one within Gateway:AuthCacheDuration.
                if (subscribed) logger.LogWarning(e, "Could not renew the key revocation subscription; retrying");
            }
            try { await Task.Delay(subscribed ? Renewal : TimeSpan.FromSeconds(1), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is null) return;
        try { await grains.GetGrain<IKeyRevocationGrain>(0).Unsubscribe(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogDebug(e, "Could not unsubscribe from key revocations"); }
        grains.DeleteObjectReference<IKeyRevocationObserver>(_reference);
    }
}
