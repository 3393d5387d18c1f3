using LLMEmbed.Gateway.Hosting;

namespace LLMEmbed.Host.Hosting;

/// <summary>
/// The whole process set-up in one place: a silo (Roles:Silo) with the gRPC gateway co-hosted
/// (Roles:Gateway), or a gateway only, joining the cluster as an Orleans client. Program.cs runs it;
/// <see cref="InProcessHost"/> builds the same application in-process for the bench and end-to-end tests.
/// </summary>
public static class LLMEmbedHost
{
    /// <summary>
    /// Configuration: appsettings.json under the content root, then environment variables prefixed
    /// LLMEMBED_ (e.g. LLMEMBED_Silo__Accelerator=cuda), then <paramref name="overrides"/> (last wins).
    /// </summary>
    public static WebApplication Build(WebApplicationOptions options, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(options);
        builder.Configuration.AddEnvironmentVariables("LLMEMBED_");
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddLLMEmbedTelemetry();
        var roles = builder.Configuration.GetLLMEmbedRoles();
        var dashboard = builder.Configuration.GetLLMEmbedDashboard();
        if (roles.Silo)
        {
            builder.UseOrleans(silo => silo
                .UseLLMEmbedClustering(builder.Configuration)
                .AddLLMEmbedStorage(builder.Configuration)
                .AddLLMEmbedBackbones(builder.Configuration)
                .AddLLMEmbedTenants(builder.Configuration)
                .AddLLMEmbedDashboard(dashboard));
        }
        else
        {
            builder.UseLLMEmbedClusterClient();
        }
        if (roles.Gateway) builder.AddLLMEmbedGatewayRole(roles);
        // Ctrl+C / SIGTERM stop the silo gracefully: activations deactivate and state is flushed.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok("ok"))
            .WithName("Host_Healthz").WithTags("Host").AllowAnonymous()
            .WithSummary("Liveness: 200 \"ok\" while the process serves.").WithDescription("Liveness probe: answers 200 \"ok\" while the process serves; needs no key.");
        app.MapLLMEmbedTelemetry();
        if (roles.Gateway) app.MapLLMEmbedGateway();
        if (roles.Silo) app.MapLLMEmbedDashboard(dashboard);
        return app;
    }
}
