using System.Net;
using LLMEmbed.Gateway.Errors;
using LLMEmbed.Gateway.Http;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>The grpc.health.v1 service name a liveness probe asks for: serving while the process serves.</summary>
    public const string LivenessService = "liveness";
    private const string ProcessCheck = "process";

    /// <summary>
    /// Registers the gRPC gateway over the <see cref="IGrainFactory"/> already in the container (a
    /// co-hosted silo's or an Orleans client's). Binds and validates section "Gateway"; the admin key
    /// falls back to LLMEMBED_ADMIN_KEY, and <paramref name="configure"/> runs last (e.g. to supply a
    /// generated key). Kestrel listens on Gateway:Listen (HTTP/2) plus any configured "urls" (HTTP/1.1,
    /// where browsers and curl reach the HTTP/JSON API and the console).
    /// </summary>
    public static GatewayOptions AddLLMEmbedGateway(this WebApplicationBuilder builder, IConfiguration configuration, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.SectionName).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        if (string.IsNullOrWhiteSpace(options.AdminKey))
            options.AdminKey = Environment.GetEnvironmentVariable(GatewayOptions.AdminKeyEnvironmentVariable);
        configure?.Invoke(options);
        options.Validate();

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminKeyVerifier>();
        services.AddSingleton<TenantAuthenticator>();
        services.AddHostedService<KeyRevocationListener>();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton<TenantTextsInFlight>();
        services.AddSingleton<Archive.TenantExporter>();
        services.AddSingleton<Archive.TenantRestorer>();
        services.AddSingleton<TrainingJobObserver>();
        services.AddSingleton<TelemetryInterceptor>();
        services.AddSingleton<ErrorMappingInterceptor>();
        services.AddSingleton<AuthInterceptor>();
        services.AddSingleton<GatewayDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayDrain>());
        services.AddSingleton<DrainInterceptor>();
        var grpc = services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageBytes;
            grpc.EnableDetailedErrors = false;
            // Order matters: telemetry sees the final status, a stopping gateway refuses before any work, errors are mapped, auth runs innermost.
            grpc.Interceptors.Add<TelemetryInterceptor>();
            grpc.Interceptors.Add<DrainInterceptor>();
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
        });
        services.AddLLMEmbedHttpApi(grpc);
        services.AddGrpcReflection();
        // Readiness (service "") includes the cluster check; liveness (service "liveness") is the process alone, so a
        // storage or membership hiccup takes gateways out of rotation instead of restarting every one of them.
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            o.Services.Map(LivenessService, c => c.Name == ProcessCheck);
        })
            .AddCheck(ProcessCheck, () => HealthCheckResult.Healthy("the process answers")) // a service must count one check to report Serving
            .AddCheck<ClusterHealthCheck>("cluster");

        var extraUrls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, options.ListenUri, listen =>
            {
                if (options.UsesTls)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(options.CertificatePath!, options.CertificatePassword);
                }
                else
                {
                    // Plain-text gRPC needs HTTP/2 with prior knowledge.
                    listen.Protocols = HttpProtocols.Http2;
                }
            });
            // Listening in code replaces "urls"; keep them (e.g. /healthz) as plain HTTP/1.1 endpoints.
            foreach (var url in extraUrls)
            {
                var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute);
                if (uri.Scheme != Uri.UriSchemeHttp)
                    throw new ArgumentException($"urls: only http:// addresses can be kept next to the gateway, got \"{url}\"; use Kestrel:Endpoints for https.");
                if (uri.Port == options.ListenUri.Port && options.ListenUri.Port != 0)
                    throw new ArgumentException($"urls: \"{url}\" uses the gateway's port {uri.Port} (Gateway:Listen); choose another.");
                Listen(kestrel, uri, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        return options;
    }

    /// <summary>
    /// Maps the six llmembed.v1 services (also as HTTP/JSON), the import and embeddings routes, the
    /// OpenAPI document, the tenant console, grpc.health.v1 and server reflection.
    /// </summary>
    public static WebApplication MapLLMEmbedGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapLLMEmbedHttpApi();
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<LabelsService>();
        app.MapGrpcService<TasksService>();
        app.MapGrpcService<ExamplesService>();
        app.MapGrpcService<TrainingService>();
        app.MapGrpcService<InferenceService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, Uri uri, Action<ListenOptions> configure)
    {
        if (uri.IsLoopback && uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && uri.Port != 0)
            kestrel.ListenLocalhost(uri.Port, configure);
        else if (IPAddress.TryParse(uri.Host, out var address))
            kestrel.Listen(address, uri.Port, configure);
        else if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.Listen(IPAddress.Loopback, uri.Port, configure);
        else
            throw new ArgumentException($"cannot listen on host \"{uri.Host}\" of {uri}; use an IP address, localhost, or *.");
    }
}
