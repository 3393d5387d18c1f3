using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// The caller of a gateway-own HTTP route (import, embeddings), resolved exactly as
/// <see cref="AuthInterceptor"/> resolves a gRPC call: the tenant key checked against the tenant,
/// then one token from the tenant's requests/s bucket.
/// </summary>
public sealed class HttpCallers(TenantAuthenticator tenants, TenantRateLimiter rateLimiter)
{
    /// <param name="tenant">The tenant the route names; null takes it from the key (routes with no tenant in the path).</param>
    public async Task<Caller> ResolveAsync(HttpContext context, string? tenant)
    {
        var key = BearerToken.From(context.Request.Headers.Authorization.ToString());
        if (tenant is null)
        {
            // Counted and limited per address like every other failed check (TenantAuthenticator).
            if (key is null) throw tenants.MissingKey(context.Connection.RemoteIpAddress, "tenant key");
            if (!TenantKey.TryGetTenant(key, out tenant)) throw tenants.UnknownKey(context.Connection.RemoteIpAddress, "malformed");
        }
        var info = await tenants.AuthenticateAsync(tenant, key, context.Connection.RemoteIpAddress);
        rateLimiter.Acquire(tenant, info.Limits.RequestsPerSecond);
        return new Caller(tenant, info);
    }
}
