using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Routing;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Grains.Training;
using LLMEmbed.Host.Postgres;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Host.Hosting;

/// <summary>The silo's set-up from configuration; each piece validates its options before the silo starts.</summary>
public static class SiloBuilderExtensions
{
    public static ISiloBuilder UseLLMEmbedClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.BindSection<LLMEmbedClusterOptions>(LLMEmbedClusterOptions.SectionName);
        options.Validate();
        if (options.IsMultiSilo)
        {
            if (options.IsRedis)
            {
                var redis = BindRedis(silo, configuration);
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis.ToConfigurationOptions());
            }
            else
            {
                var postgres = BindPostgres(silo, configuration);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = LLMEmbedPostgresOptions.Invariant;
                    o.ConnectionString = postgres.ConnectionString;
                });
            }
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            if (options.KubernetesHosting)
            {
                // Ports only: Kubernetes hosting fills in the pod IP, name and identity from POD_* / ORLEANS_* variables.
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = options.SiloPort;
                    o.GatewayPort = options.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else if (options.AdvertisedAddress is { } address)
            {
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
        }
        else
        {
            var primary = options.PrimarySiloPort == 0 ? null : new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, options.PrimarySiloPort);
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        if (options.ProbeTimeout is not null || options.NumMissedProbesLimit is not null)
        {
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                if (options.ProbeTimeout is { } probe) o.ProbeTimeout = probe;
                if (options.NumMissedProbesLimit is { } missed) o.NumMissedProbesLimit = missed;
            });
        }
        silo.UseLLMEmbedTls(options.Tls);
        silo.AddActivityPropagation();
        silo.Services.AddSingleton(new StartupReport(LLMEmbedClusterOptions.SectionName, options.ToString()));
        silo.Services.AddSingleton(new StartupReport(LLMEmbedTlsOptions.SectionName, options.Tls.ToString()));
        return silo;
    }

    public static ISiloBuilder AddLLMEmbedStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.BindSection<LLMEmbedStorageOptions>(LLMEmbedStorageOptions.SectionName);
        options.ValidateWith(configuration.BindSection<LLMEmbedClusterOptions>(LLMEmbedClusterOptions.SectionName));
        if (options.IsRedis)
        {
            var redis = BindRedis(silo, configuration);
            silo.AddRedisBinaryGrainStorage(StorageNames.Default, redis);
        }
        else if (options.IsPostgres)
        {
            var postgres = BindPostgres(silo, configuration);
            silo.AddPostgresBinaryGrainStorage(StorageNames.Default, postgres);
        }
        else
        {
            var directory = options.FullDataDirectory;
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = directory);
        }
        silo.Services.AddSingleton(new StartupReport(LLMEmbedStorageOptions.SectionName, options.ToString()));
        return silo;
    }

    /// <summary>
    /// Orleans' Redis grain storage with the binary Orleans serializer instead of the default JSON
    /// one (JSON is slow and large for float arrays), as the file provider uses.
    /// </summary>
    public static ISiloBuilder AddRedisBinaryGrainStorage(this ISiloBuilder silo, string name, LLMEmbedRedisOptions redis)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(redis);
        redis.Validate();
        silo.AddRedisGrainStorage(name, builder => builder.Configure<Serializer>((o, serializer) =>
        {
            o.ConfigurationOptions = redis.ToConfigurationOptions();
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            // A cleared state (a deleted tenant's segments) gives its memory back to Redis.
            o.DeleteStateOnClear = true;
        }));
        return silo;
    }

    /// <summary>
    /// Orleans' ADO.NET grain storage on PostgreSQL (Npgsql), with the binary Orleans serializer as
    /// the other providers use; each named record is one row, and a cleared record is deleted.
    /// </summary>
    public static ISiloBuilder AddPostgresBinaryGrainStorage(this ISiloBuilder silo, string name, LLMEmbedPostgresOptions postgres)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(postgres);
        postgres.Validate();
        silo.AddAdoNetGrainStorage(name, builder => builder.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = LLMEmbedPostgresOptions.Invariant;
            o.ConnectionString = postgres.ConnectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            o.DeleteStateOnClear = true;
        }));
        return silo;
    }

    /// <summary>
    /// Binds and validates section "Postgres" once per silo: reported at start-up once, and the schema
    /// step (<see cref="PostgresSchemaStartup"/>) registered once whichever provider asks first.
    /// </summary>
    private static LLMEmbedPostgresOptions BindPostgres(ISiloBuilder silo, IConfiguration configuration)
    {
        var postgres = configuration.BindSection<LLMEmbedPostgresOptions>(LLMEmbedPostgresOptions.SectionName);
        postgres.Validate();
        if (!silo.Services.Any(d => d.ServiceType == typeof(StartupReport) && d.ImplementationInstance is StartupReport { Section: LLMEmbedPostgresOptions.SectionName }))
        {
            silo.Services.AddSingleton(new StartupReport(LLMEmbedPostgresOptions.SectionName, postgres.ToString()));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                new PostgresSchemaStartup(postgres, sp.GetRequiredService<ILogger<PostgresSchemaStartup>>()));
        }
        return postgres;
    }

    /// <summary>Binds and validates section "Redis" once per silo, reporting it at start-up once.</summary>
    private static LLMEmbedRedisOptions BindRedis(ISiloBuilder silo, IConfiguration configuration)
    {
        var redis = configuration.BindSection<LLMEmbedRedisOptions>(LLMEmbedRedisOptions.SectionName);
        redis.Validate();
        if (!silo.Services.Any(d => d.ServiceType == typeof(StartupReport) && d.ImplementationInstance is StartupReport { Section: LLMEmbedRedisOptions.SectionName }))
            silo.Services.AddSingleton(new StartupReport(LLMEmbedRedisOptions.SectionName, redis.ToString()));
        return redis;
    }

    public static ISiloBuilder AddLLMEmbedBackbones(this ISiloBuilder silo, IConfiguration configuration)
    {
        var role = configuration.BindSection<SiloRoleOptions>(SiloRoleOptions.SectionName);
        var batching = configuration.BindSection<BatchingOptions>(BatchingOptions.SectionName);
        var preload = configuration.BindSection<BackbonePreloadOptions>(BackbonePreloadOptions.SectionName);
        var onnx = configuration.BindSection<BackboneOptions>(BackboneOptions.SectionName);
        var routing = configuration.BindSection<RoutingOptions>(RoutingOptions.SectionName);
        silo.AddLLMEmbedBackbones(role, batching, routing, preload);
        silo.AddLLMEmbedOnnxBackbones(onnx);
        silo.Services.AddSingleton(new StartupReport(SiloRoleOptions.SectionName, role.ToString()));
        silo.Services.AddSingleton(new StartupReport(BatchingOptions.SectionName, batching.ToString()));
        silo.Services.AddSingleton(new StartupReport(BackboneOptions.SectionName, onnx.ToString()));
        silo.Services.AddSingleton(new StartupReport(RoutingOptions.SectionName, routing.ToString()));
        silo.Services.AddSingleton(new StartupReport(BackbonePreloadOptions.SectionName, $"Preload=[{string.Join(", ", preload.Preload)}]"));
        return silo;
    }

    public static ISiloBuilder AddLLMEmbedTenants(this ISiloBuilder silo, IConfiguration configuration)
    {
        var fusion = configuration.BindSection<FusionCacheOptions>(FusionCacheOptions.SectionName);
        var tenants = configuration.BindSection<TenantOptions>(TenantOptions.SectionName);
        var training = configuration.BindSection<TrainingOptions>(TrainingOptions.SectionName);
        silo.AddLLMEmbedTenants(fusion, tenants, training);
        silo.Services.AddSingleton(new StartupReport(FusionCacheOptions.SectionName, fusion.ToString()));
        silo.Services.AddSingleton(new StartupReport(TenantOptions.SectionName, tenants.ToString()));
        silo.Services.AddSingleton(new StartupReport(TrainingOptions.SectionName, training.ToString()));
        return silo;
    }
}
