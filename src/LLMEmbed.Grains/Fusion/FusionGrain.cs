using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Routing;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// The fusion stage of a silo (<see cref="RecipeFeaturizer"/> over the silo's <see cref="FusionCache"/> and
/// <see cref="BackboneClient"/>). Stateless worker: activates on the calling silo, up to one
/// activation per core (Orleans' default) so hashing and fusing run in parallel. Reentrant: a call spends
/// most of its time awaiting backbones, and one activation must interleave many callers or their texts
/// could not share the backbones' batches.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class FusionGrain(FusionCache cache, BackboneClient backbones, IBackboneFactory manifests) : Grain, IFusionGrain
{
    private readonly RecipeFeaturizer _featurizer = new(cache, backbones, manifests);

    public Task<FusedVectors> Fuse(FusionRequest request, CancellationToken cancellationToken = default) =>
        _featurizer.FuseAsync(request, cancellationToken);
}
