using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>The per-silo fused-vector cache the fusion grains share, and the tenant grains' options.</summary>
    public static ISiloBuilder AddLLMEmbedTenants(this ISiloBuilder builder, FusionCacheOptions fusion, TenantOptions tenants)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(tenants);
        builder.Services.AddValidatedOptions(fusion, new FusionCacheOptionsValidator(), FusionCacheOptions.SectionName);
        builder.Services.AddValidatedOptions(tenants, new TenantOptionsValidator(), TenantOptions.SectionName);
        builder.Services.AddSingleton<FusionCache>();
        return builder;
    }
}
