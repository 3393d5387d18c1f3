using System.Text;
using LLMEmbed.Gateway;
using LLMEmbed.Gateway.Security;
using Orleans.Dashboard;

namespace LLMEmbed.Host.Hosting;

/// <summary>
/// The Orleans dashboard on a silo host when Dashboard:Enabled is true. Every dashboard route asks
/// for the admin key: "Authorization: Bearer &lt;admin key&gt;", or HTTP Basic with the admin key as
/// the password (any user name), which lets a browser prompt for it.
/// </summary>
public static class DashboardExtensions
{
    public static LLMEmbedDashboardOptions GetLLMEmbedDashboard(this IConfiguration configuration)
    {
        var options = configuration.BindSection<LLMEmbedDashboardOptions>(LLMEmbedDashboardOptions.SectionName);
        options.Validate();
        return options;
    }

    public static ISiloBuilder AddLLMEmbedDashboard(this ISiloBuilder silo, LLMEmbedDashboardOptions options)
    {
        if (options.Enabled) silo.AddDashboard();
        return silo;
    }

    public static WebApplication MapLLMEmbedDashboard(this WebApplication app, LLMEmbedDashboardOptions options)
    {
        if (!options.Enabled) return app;
        // The gateway's resolved key (it may be the embedded default's generated one), else the configured one.
        var adminKey = app.Services.GetService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>()?.Value.AdminKey
            ?? (app.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.AdminKey)}"] is { Length: > 0 } configured
                ? configured
                : Environment.GetEnvironmentVariable(GatewayOptions.AdminKeyEnvironmentVariable));
        if (string.IsNullOrWhiteSpace(adminKey))
            throw new ArgumentException($"{LLMEmbedDashboardOptions.SectionName}:{nameof(LLMEmbedDashboardOptions.Enabled)} needs an admin key to guard it (Gateway:AdminKey or {GatewayOptions.AdminKeyEnvironmentVariable}).");
        // Failed checks count against the address like the gateway's own (none on a silo-only host: no gateway there).
        var failures = app.Services.GetService<FailedAuthLimiter>();
        // A route group: the convention reaches every dashboard endpoint, its static files included.
        IEndpointConventionBuilder dashboard = app.MapOrleansDashboard(options.Path);
        dashboard.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"dashboard endpoint {endpoint.DisplayName} has no handler.");
            endpoint.RequestDelegate = async context =>
            {
                var client = context.Connection.RemoteIpAddress;
                try { failures?.CheckAllowed(client); }
                catch (Grains.Abstractions.Errors.LimitExceededException limited)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter?.TotalSeconds ?? 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return;
                }
                var authorization = context.Request.Headers.Authorization.ToString();
                if (HasAdminKey(authorization, adminKey))
                {
                    await inner(context);
                    return;
                }
                failures?.Failed(client, authorization.Length == 0 ? AdminKeyVerifier.MissingReason : AdminKeyVerifier.WrongReason);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"LLMEmbed dashboard (password: the admin key)\", Bearer";
            };
        });
        return app;
    }

    internal static bool HasAdminKey(string authorization, string adminKey)
    {
        if (BearerToken.From(authorization) is { } bearer) return TenantKey.SecretsEqual(bearer, adminKey);
        const string basic = "Basic ";
        if (!authorization.StartsWith(basic, StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[basic.Length..].Trim())); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        return colon >= 0 && TenantKey.SecretsEqual(decoded[(colon + 1)..], adminKey);
    }
}
