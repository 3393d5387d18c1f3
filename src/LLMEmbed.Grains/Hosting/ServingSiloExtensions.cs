using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Hosting;

public static class ServingSiloExtensions
{
    /// <summary>Real ONNX backbones (on the accelerator named by Silo:Accelerator) for this silo's backbone grains.</summary>
    public static ISiloBuilder AddLLMEmbedOnnxBackbones(this ISiloBuilder builder, BackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton<IBackboneFactory, OnnxBackboneFactory>();
        return builder;
    }

    /// <summary>The per-silo fused-vector cache the fusion grains share, and the tenant grains' options.</summary>
    public static ISiloBuilder AddLLMEmbedTenants(this ISiloBuilder builder, FusionCacheOptions fusion, TenantOptions tenants)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(tenants);
        fusion.Validate();
        tenants.Validate();
        builder.Services.AddSingleton(Options.Create(fusion));
        builder.Services.AddSingleton(Options.Create(tenants));
        builder.Services.AddSingleton<FusionCache>();
        return builder;
    }
}
