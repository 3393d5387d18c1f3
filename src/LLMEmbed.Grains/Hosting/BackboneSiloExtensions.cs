using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace LLMEmbed.Grains.Hosting;

public static class BackboneSiloExtensions
{
    /// <summary>
    /// Everything a silo needs for backbone grains: its role published as silo metadata, the
    /// placement filter (needed on every silo, host or not, since any silo may place a backbone),
    /// and the per-silo backbone registry. Options are validated here, at start-up.
    /// </summary>
    public static ISiloBuilder AddLLMEmbedBackbones(this ISiloBuilder builder, SiloRoleOptions role, BatchingOptions batching)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(batching);
        role.Validate();
        batching.Validate();
        builder.UseSiloMetadata(role.ToMetadata());
        builder.Services.AddSingleton(Options.Create(role));
        builder.Services.AddSingleton(Options.Create(batching));
        builder.Services.AddPlacementFilter<BackboneHostPlacementFilterStrategy, BackboneHostPlacementFilterDirector>(ServiceLifetime.Transient);
        builder.Services.AddSingleton<BackboneRegistry>();
        return builder;
    }
}
