using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace LLMEmbed.Grains.Hosting;

public static class ServingSiloExtensions
{
    /// <summary>Real ONNX backbones (on the accelerator named by Silo:Accelerator) for this silo's backbone grains.</summary>
    public static ISiloBuilder AddLLMEmbedOnnxBackbones(this ISiloBuilder builder, BackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddValidatedOptions(options, new BackboneOptionsValidator(), BackboneOptions.SectionName);
        builder.Services.AddSingleton<IBackboneFactory, OnnxBackboneFactory>();
        return builder;
    }

    /// <summary>
    /// The per-silo fused-vector cache the fusion grains share, the tenant grains' options, and the silo's training
    /// slots (<paramref name="training"/> null: the defaults).
    /// </summary>
    public static ISiloBuilder AddLLMEmbedTenants(this ISiloBuilder builder, FusionCacheOptions fusion, TenantOptions tenants, TrainingOptions? training = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(tenants);
        builder.Services.AddValidatedOptions(fusion, new FusionCacheOptionsValidator(), FusionCacheOptions.SectionName);
        builder.Services.AddValidatedOptions(tenants, new TenantOptionsValidator(), TenantOptions.SectionName);
        builder.Services.AddValidatedOptions(training ?? new TrainingOptions(), new TrainingOptionsValidator(), TrainingOptions.SectionName);
        builder.Services.AddSingleton<FusionCache>();
        builder.Services.AddSingleton<TrainingSlots>();
        builder.Services.Configure<GrainCollectionOptions>(o =>
        {
            o.ClassSpecificCollectionAge[typeof(TenantGrain).FullName!] = tenants.IdleCollectionAge;
            // Orleans requires every collection age above the scan period; a short tenant age shortens the scan.
            var half = tenants.IdleCollectionAge / 2;
            if (o.CollectionQuantum > half) o.CollectionQuantum = half;
        });
        return builder;
    }
}
