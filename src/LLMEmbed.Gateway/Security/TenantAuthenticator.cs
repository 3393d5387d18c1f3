using System.Net;
using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Checks a tenant key against the tenant a request names. A missing, malformed or unknown key, a key of a tenant
/// that does not exist and a wrong secret all get one answer (Unauthenticated, "unknown tenant key."); only a
/// key's tenant listed in the tenant directory is asked, so a made-up name activates no tenant grain and reads no
/// storage, and costs the same two grain calls as a real tenant's wrong secret (the timing tells no names apart; a
/// malformed key, which names no tenant, costs none). An address that failed too often is refused ahead of every grain call (<see cref="FailedAuthLimiter"/>).
/// Successful checks are cached per (tenant, key hash) for <see cref="GatewayOptions.AuthCacheDuration"/>; a rotation
/// or deletion is pushed to every gateway (<see cref="RevokeAsync"/>, <see cref="KeyRevocationListener"/>), so the
/// cache's lifetime bounds a revoked key only where a push was lost. At most <see cref="MaxCachedChecks"/> checks are held, so many tenants and keys cannot grow the cache without bound.
/// </summary>
public sealed class TenantAuthenticator(IGrainFactory grains, IOptions<GatewayOptions> options, FailedAuthLimiter failures, ILogger<TenantAuthenticator> logger)
    : IDisposable
{
    public const int MaxCachedChecks = 10_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedChecks });
    private readonly TimeSpan _ttl = options.Value.AuthCacheDuration;
    // Bumped by Forget: a check that began before a rotation or delete through this gateway must not cache what it read.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public async Task<TenantInfo> AuthenticateAsync(string? tenant, string? key, IPAddress? client = null)
    {
        TenantIds.Validate(tenant);
        if (key is null) throw MissingKey(client, $"key of tenant {tenant}");
        if (!TenantKey.TryGetTenant(key, out var keyTenant)) throw UnknownKey(client, "malformed");
        var hash = TenantKey.Hash(key);
        var cacheKey = (tenant!, Convert.ToHexString(hash));
        if (_cache.TryGetValue(cacheKey, out TenantInfo? hit) && hit is not null) return hit;
        var generation = _generations.GetValueOrDefault(tenant!);
        // Past this point a check costs grain calls: an address that failed too often waits (a cached valid key above still works from it).
        failures.CheckAllowed(client);

        if (!await ListedAsync(keyTenant))
        {
            // A listed tenant's wrong secret costs a second grain call (its Authorize below); an unlisted name costs one
            // too (the directory again, answering from memory), so the answer's timing does not tell which names exist.
            await ListedAsync(keyTenant);
            throw UnknownKey(client, "unknown");
        }
        var owner = grains.GetGrain<ITenantAdminGrain>(keyTenant);
        // The owner's grain answers from memory once active; a tenant deleted since the directory read answers false.
        if (!await owner.Authorize(hash)) throw UnknownKey(client, "unknown");
        if (!string.Equals(keyTenant, tenant, StringComparison.Ordinal))
        {
            // A valid key on another tenant: the caller holds a real key, so saying so reveals nothing new to it.
            failures.Failed(client, "wrong_tenant");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"this key belongs to another tenant and may not act on tenant \"{tenant}\"."));
        }
        var info = await owner.Describe();
        if (_ttl > TimeSpan.Zero && _generations.GetValueOrDefault(tenant!) == generation) _cache.Set(cacheKey, info, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        return info;
    }

    /// <summary>
    /// Whether the directory lists the tenant. While the directory's silo has just died (until the cluster declares it
    /// dead and the directory activates elsewhere) the answer is yes, so the tenant's own grain decides: it refuses a
    /// stranger's key as well, and a real tenant's calls do not fail on a silo that hosts none of their work.
    /// </summary>
    private async Task<bool> ListedAsync(string tenant)
    {
        try
        {
            return await grains.GetGrain<ITenantDirectoryGrain>(0).Contains(tenant);
        }
        catch (Exception e) when (e is Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException)
        {
            return true;
        }
    }

    /// <summary>
    /// Forgets the tenant's cached checks here, then on every other gateway (<see cref="IKeyRevocationGrain"/>). A
    /// push that fails is logged, not thrown: the change itself is done, and the other gateways' caches expire anyway.
    /// </summary>
    public async Task RevokeAsync(string tenant)
    {
        Forget(tenant);
        try { await grains.GetGrain<IKeyRevocationGrain>(0).Revoke(tenant); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not push the revocation of tenant {Tenant}'s keys; other gateways forget them within {Ttl}", tenant, _ttl);
        }
    }

    /// <summary>Forgets cached checks of one tenant on this gateway (a revocation made here, or pushed from another gateway).</summary>
    public void Forget(string tenant)
    {
        _generations.AddOrUpdate(tenant, 1, (_, g) => g + 1);
        foreach (var entry in _cache.Keys.OfType<(string Tenant, string Hash)>().Where(k => k.Tenant == tenant).ToArray()) _cache.Remove(entry);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// A check failed before any grain call (no key, a malformed one) or after (unknown): counted, and refused as the
    /// limit's 429 instead once the address is over it, so every stranger's answer changes at the same point.
    /// </summary>
    public RpcException UnknownKey(IPAddress? client, string reason)
    {
        failures.CheckAllowed(client);
        failures.Failed(client, reason);
        return new(new Status(StatusCode.Unauthenticated, "unknown tenant key."));
    }

    /// <inheritdoc cref="UnknownKey"/>
    public RpcException MissingKey(IPAddress? client, string whatToSend)
    {
        failures.CheckAllowed(client);
        failures.Failed(client, "missing");
        return new(new Status(StatusCode.Unauthenticated, $"missing tenant key: send \"authorization: Bearer <{whatToSend}>\"."));
    }
}
