using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Checks a tenant key against the tenant a request names. Successful checks are cached per
/// (tenant, key hash) for <see cref="GatewayOptions.AuthCacheDuration"/>, so a rotated or deleted key
/// keeps working on other gateway processes for at most that long (this process forgets at once).
/// At most <see cref="MaxCachedChecks"/> checks are held, so many tenants and keys cannot grow the cache without bound.
/// </summary>
public sealed class TenantAuthenticator(IGrainFactory grains, IOptions<GatewayOptions> options) : IDisposable
{
    public const int MaxCachedChecks = 10_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedChecks });
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
        if (_cache.TryGetValue(cacheKey, out TenantInfo? hit) && hit is not null) return hit;

        if (!string.Equals(keyTenant, tenant, StringComparison.Ordinal))
        {
            // Tell a valid key used on the wrong tenant apart from a bad key, without revealing anything to a bad key.
            bool validElsewhere;
            try { validElsewhere = await grains.GetGrain<ITenantAdminGrain>(keyTenant).Authorize(hash); }
            catch (NotFoundException) { validElsewhere = false; }
            throw validElsewhere
                ? new RpcException(new Status(StatusCode.PermissionDenied, $"this key belongs to another tenant and may not act on tenant \"{tenant}\"."))
                : Unknown();
        }

        var grain = grains.GetGrain<ITenantAdminGrain>(tenant!);
        if (!await grain.Authorize(hash))
        {
            // An unknown tenant is NotFound (Describe throws it); a known one with a wrong key stays Unauthenticated.
            await grain.Describe();
            throw Unknown();
        }
        var info = await grain.Describe();
        if (_ttl > TimeSpan.Zero) _cache.Set(cacheKey, info, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        return info;
    }

    /// <summary>Forgets cached checks of one tenant (after rotation or deletion through this gateway).</summary>
    public void Forget(string tenant)
    {
        foreach (var entry in _cache.Keys.OfType<(string Tenant, string Hash)>().Where(k => k.Tenant == tenant).ToArray()) _cache.Remove(entry);
    }

    public void Dispose() => _cache.Dispose();

    private static RpcException Unknown() => new(new Status(StatusCode.Unauthenticated, "unknown tenant key."));
}
