using LLMEmbed.Grains.Abstractions.Backbones;
using Orleans.Runtime.Placement;

namespace LLMEmbed.Grains.Placement;

/// <summary>
/// Places a replica on exactly the silo its key names, and refuses (with
/// <see cref="NoBackboneReplicaException"/>, which routers treat as "try another replica") when that
/// silo is not an active, compatible silo or is not a backbone host. A replica therefore never lands
/// on a non-host silo and never moves: when its silo dies, its key is simply no longer routable.
/// </summary>
public sealed class BackboneReplicaPlacementDirector(SiloRoles roles) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        if (!ReplicaKey.TryParse(key, out var backbone, out var silo))
            throw new NoBackboneReplicaException(backbone, $"'{key}' is not a backbone replica key (backbone/silo).");
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new NoBackboneReplicaException(backbone, $"Replica '{key}': silo {silo} is not an active silo of the cluster.");
        if (!roles.Of(silo).BackboneHost)
            throw new NoBackboneReplicaException(backbone, $"Replica '{key}': silo {silo} does not host backbones.");
        return Task.FromResult(silo);
    }
}
