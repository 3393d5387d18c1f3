using Orleans.Placement;

namespace LLMEmbed.Grains.Placement;

/// <summary>
/// Places a backbone replica on the silo named in its key (<see cref="Abstractions.Backbones.ReplicaKey"/>),
/// and nowhere else: see <see cref="BackboneReplicaPlacementDirector"/>.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("llmembed.placement.BackboneReplicaPlacement")]
public sealed class BackboneReplicaPlacement : PlacementStrategy
{
    internal static readonly BackboneReplicaPlacement Instance = new();
}

/// <summary>Marks a grain class as a per-silo backbone replica.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class BackboneReplicaPlacementAttribute() : PlacementAttribute(BackboneReplicaPlacement.Instance);
