using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Routing;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// The fusion stage of a silo (<see cref="RecipeFeaturizer"/> over the silo's <see cref="FusionCache"/> and
/// <see cref="BackboneClient"/>). Stateless worker: activates on the calling silo. Reentrant: a call spends
/// most of its time awaiting backbones, and the activation interleaves every caller, so their texts share
/// the backbones' batches. One activation per silo, not one per core: Orleans sends a caller's cancellation
/// to the grain, not to the activation running the call, and with several workers it can land on another
/// one and be lost (the texts would run for a caller that left). The work between awaits is hashing and
/// copying or fusing rows, small next to the backbone passes it waits for.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class FusionGrain(FusionCache cache, BackboneClient backbones, IBackboneFactory manifests) : Grain, IFusionGrain
{
    private readonly RecipeFeaturizer _featurizer = new(cache, backbones, manifests);

    public Task<FusedVectors> Fuse(FusionRequest request, CancellationToken cancellationToken = default) =>
        _featurizer.FuseAsync(request, cancellationToken);
}
