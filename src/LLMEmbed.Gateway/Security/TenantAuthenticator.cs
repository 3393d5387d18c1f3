using System.Collections.Concurrent;
using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Checks a tenant key against the tenant a request names. Successful checks are cached per
/// (tenant, key hash) for <see cref="GatewayOptions.AuthCacheDuration"/>, so a rotated or deleted key
/// keeps working on other gateway processes for at most that long (this process forgets at once).
/// </summary>
public sealed class TenantAuthenticator(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Tenant, string Hash), (DateTimeOffset Expires, TenantInfo Info)> _cache = new();
    private readonly TimeSpan _ttl = options.Value.AuthCacheDuration;

    public async Task<TenantInfo> AuthenticateAsync(string? tenant, string? key)
    {
        TenantIds.Validate(tenant);
        if (key is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"missing tenant key: send \"authorization: Bearer <key of tenant {tenant}>\"."));
        if (!TenantKey.TryGetTenant(key, out var keyTenant))
            throw Unknown();
        var hash = TenantKey.Hash(key);
        var cacheKey = (tenant!, Convert.ToHexString(hash));
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var hit) && hit.Expires > now) return hit.Info;

        if (!string.Equals(keyTenant, tenant, StringComparison.Ordinal))
        {
            // Tell a valid key used on the wrong tenant apart from a bad key, without revealing anything to a bad key.
            bool validElsewhere;
            try { validElsewhere = await grains.GetGrain<ITenantGrain>(keyTenant).Authorize(hash); }
            catch (NotFoundException) { validElsewhere = false; }
            throw validElsewhere
                ? new RpcException(new Status(StatusCode.PermissionDenied, $"this key belongs to another tenant and may not act on tenant \"{tenant}\"."))
                : Unknown();
        }

        var grain = grains.GetGrain<ITenantGrain>(tenant!);
        if (!await grain.Authorize(hash))
        {
            // An unknown tenant is NotFound (Describe throws it); a known one with a wrong key stays Unauthenticated.
            await grain.Describe();
            throw Unknown();
        }
        var info = await grain.Describe();
        _cache[cacheKey] = (now + _ttl, info);
        return info;
    }

    /// <summary>Forgets cached checks of one tenant (after rotation or deletion through this gateway).</summary>
    public void Forget(string tenant)
    {
        foreach (var entry in _cache.Keys.Where(k => k.Tenant == tenant).ToArray()) _cache.TryRemove(entry, out _);
    }

    private static RpcException Unknown() => new(new Status(StatusCode.Unauthenticated, "unknown tenant key."));
}
