using LLMEmbed.Gateway;
using LLMEmbed.Gateway.Hosting;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LLMEmbed.Host.Hosting;

/// <summary>The gateway role: co-hosted next to the silo, or alone in front of a cluster as an Orleans client.</summary>
public static class GatewayExtensions
{
    public static LLMEmbedRoleOptions GetLLMEmbedRoles(this IConfiguration configuration)
    {
        var roles = configuration.BindSection<LLMEmbedRoleOptions>(LLMEmbedRoleOptions.SectionName);
        roles.Validate();
        return roles;
    }

    /// <summary>
    /// Adds the gRPC gateway. Without a configured admin key (Gateway:AdminKey or LLMEMBED_ADMIN_KEY) it
    /// refuses to start, except in the embedded default (silo role, localhost clustering), where a key is
    /// generated into the storage data directory and its path logged at start-up.
    /// </summary>
    public static WebApplicationBuilder AddLLMEmbedGatewayRole(this WebApplicationBuilder builder, LLMEmbedRoleOptions roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var configuration = builder.Configuration;
        var cluster = configuration.BindSection<LLMEmbedClusterOptions>(LLMEmbedClusterOptions.SectionName);
        var embedded = roles.Silo && string.Equals(cluster.Provider, LLMEmbedClusterOptions.Localhost, StringComparison.OrdinalIgnoreCase);
        var options = builder.AddLLMEmbedGateway(configuration, o =>
        {
            if (!string.IsNullOrWhiteSpace(o.AdminKey) || !embedded) return;
            var storage = configuration.BindSection<LLMEmbedStorageOptions>(LLMEmbedStorageOptions.SectionName);
            o.AdminKey = AdminKeyFile.LoadOrCreate(storage.FullDataDirectory, out var path, out var created);
            builder.Services.AddSingleton(new StartupReport("Gateway:AdminKey",
                $"{(created ? "generated" : "read")} {path} (embedded default; set Gateway:AdminKey or LLMEMBED_ADMIN_KEY to choose one)"));
        });
        builder.Services.AddSingleton(new StartupReport(GatewayOptions.SectionName, options.ToString()));
        builder.Services.AddSingleton(new StartupReport(LLMEmbedRoleOptions.SectionName, roles.ToString()));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(GatewayTelemetry.Name));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(GatewayTelemetry.Name));
        return builder;
    }

    /// <summary>Gateway-only process: an Orleans client of the cluster named in section "Cluster" (its gateway port on this machine).</summary>
    public static WebApplicationBuilder UseLLMEmbedClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.BindSection<LLMEmbedClusterOptions>(LLMEmbedClusterOptions.SectionName);
        cluster.Validate();
        builder.UseOrleansClient(client =>
        {
            if (cluster.IsMultiSilo)
            {
                // Same membership table as the silos: the client finds their gateways there.
                if (cluster.IsRedis)
                {
                    var redis = builder.Configuration.BindSection<LLMEmbedRedisOptions>(LLMEmbedRedisOptions.SectionName);
                    redis.Validate();
                    client.UseRedisClustering(o => o.ConfigurationOptions = redis.ToConfigurationOptions());
                }
                else
                {
                    var postgres = builder.Configuration.BindSection<LLMEmbedPostgresOptions>(LLMEmbedPostgresOptions.SectionName);
                    postgres.Validate();
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = LLMEmbedPostgresOptions.Invariant;
                        o.ConnectionString = postgres.ConnectionString;
                    });
                }
                client.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
            client.UseLLMEmbedTls(cluster.Tls);
            client.AddActivityPropagation();
        });
        builder.Services.AddSingleton(new StartupReport(LLMEmbedClusterOptions.SectionName, $"client of {cluster}"));
        return builder;
    }
}
