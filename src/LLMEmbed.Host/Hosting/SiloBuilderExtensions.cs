using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;

namespace LLMEmbed.Host.Hosting;

/// <summary>The silo's set-up from configuration; each piece validates its options before the silo starts.</summary>
public static class SiloBuilderExtensions
{
    public static ISiloBuilder UseLLMEmbedClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.BindSection<LLMEmbedClusterOptions>(LLMEmbedClusterOptions.SectionName);
        options.Validate();
        // Validate() admits only localhost for now; further providers branch here.
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddActivityPropagation();
        silo.Services.AddSingleton(new StartupReport(LLMEmbedClusterOptions.SectionName, options.ToString()));
        return silo;
    }

    public static ISiloBuilder AddLLMEmbedStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.BindSection<LLMEmbedStorageOptions>(LLMEmbedStorageOptions.SectionName);
        options.Validate();
        var directory = Path.GetFullPath(options.DataDirectory);
        silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = directory);
        silo.Services.AddSingleton(new StartupReport(LLMEmbedStorageOptions.SectionName, options.ToString()));
        return silo;
    }

    public static ISiloBuilder AddLLMEmbedBackbones(this ISiloBuilder silo, IConfiguration configuration)
    {
        var role = configuration.BindSection<SiloRoleOptions>(SiloRoleOptions.SectionName);
        var batching = configuration.BindSection<BatchingOptions>(BatchingOptions.SectionName);
        var preload = configuration.BindSection<BackbonePreloadOptions>(BackbonePreloadOptions.SectionName);
        var onnx = configuration.BindSection<OnnxBackboneOptions>(OnnxBackboneOptions.SectionName);
        silo.AddLLMEmbedBackbones(role, batching);
        silo.AddLLMEmbedOnnxBackbones(onnx);
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(preload));
        silo.Services.AddHostedService<BackbonePreloader>();
        silo.Services.AddSingleton(new StartupReport(SiloRoleOptions.SectionName, role.ToString()));
        silo.Services.AddSingleton(new StartupReport(BatchingOptions.SectionName, batching.ToString()));
        silo.Services.AddSingleton(new StartupReport(OnnxBackboneOptions.SectionName, onnx.ToString()));
        silo.Services.AddSingleton(new StartupReport(BackbonePreloadOptions.SectionName, $"Preload=[{string.Join(", ", preload.Preload)}]"));
        return silo;
    }

    public static ISiloBuilder AddLLMEmbedTenants(this ISiloBuilder silo, IConfiguration configuration)
    {
        var fusion = configuration.BindSection<FusionCacheOptions>(FusionCacheOptions.SectionName);
        var tenants = configuration.BindSection<TenantOptions>(TenantOptions.SectionName);
        silo.AddLLMEmbedTenants(fusion, tenants);
        silo.Services.AddSingleton(new StartupReport(FusionCacheOptions.SectionName, fusion.ToString()));
        silo.Services.AddSingleton(new StartupReport(TenantOptions.SectionName, tenants.ToString()));
        return silo;
    }
}
