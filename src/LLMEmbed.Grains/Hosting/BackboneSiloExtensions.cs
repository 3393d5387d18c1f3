using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace LLMEmbed.Grains.Hosting;

public static class BackboneSiloExtensions
{
    /// <summary>
    /// Everything a silo needs for backbone replicas: its role published as silo metadata, the replica
    /// placement director (needed on every silo, host or not, since any silo may place a replica), the
    /// per-silo backbone registry, the replica directory and router, and the preloader. Options are
    /// validated once, when the silo starts.
    /// </summary>
    public static ISiloBuilder AddLLMEmbedBackbones(this ISiloBuilder builder, SiloRoleOptions role, BatchingOptions batching,
        RoutingOptions? routing = null, BackbonePreloadOptions? preload = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(batching);
        routing ??= new RoutingOptions();
        preload ??= new BackbonePreloadOptions();
        builder.UseSiloMetadata(role.ToMetadata());
        builder.Services.AddValidatedOptions(role, new SiloRoleOptionsValidator(), SiloRoleOptions.SectionName);
        builder.Services.AddValidatedOptions(batching, new BatchingOptionsValidator(), BatchingOptions.SectionName);
        builder.Services.AddValidatedOptions(routing, new RoutingOptionsValidator(), RoutingOptions.SectionName);
        builder.Services.AddSingleton(Options.Create(preload));
        builder.Services.AddPlacementDirector<BackboneReplicaPlacement, BackboneReplicaPlacementDirector>();
        builder.Services.AddSingleton<SiloRoles>();
        builder.Services.AddSingleton<BackboneRegistry>();
        builder.Services.AddSingleton<ReplicaDirectory>();
        builder.Services.AddSingleton(sp => new ReplicaRouter(sp.GetRequiredService<IOptions<RoutingOptions>>().Value, seed: Environment.ProcessId));
        builder.Services.AddSingleton<BackboneClient>();
        builder.Services.AddSingleton<BackbonePreloader>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BackbonePreloader>());
        return builder;
    }
}
