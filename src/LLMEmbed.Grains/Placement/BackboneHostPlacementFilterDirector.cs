using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace LLMEmbed.Grains.Placement;

/// <summary>
/// Applies <see cref="BackboneHostPlacementFilterStrategy"/> using the cluster's silo metadata.
/// A silo that joined moments ago has empty metadata until it is fetched, so it is not chosen yet.
/// The local silo's own role is always known (from its configuration). When no candidate is known
/// to be a host, placement fails with <see cref="NoBackboneHostException"/>, which callers may retry.
/// </summary>
public sealed class BackboneHostPlacementFilterDirector(
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    IOptions<SiloRoleOptions> localRole,
    ILogger<BackboneHostPlacementFilterDirector> logger) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var strategy = (BackboneHostPlacementFilterStrategy)filterStrategy;
        var candidates = silos.ToList();
        var hosts = candidates.Where(silo => Matches(silo, strategy.RequiredKey, strategy.RequiredValue)).ToList();
        if (hosts.Count == 0)
        {
            var message =
                $"No backbone-host silo for {target.GrainIdentity}: none of {candidates.Count} candidate silos has metadata " +
                $"{strategy.RequiredKey}={strategy.RequiredValue} (a host that just joined is not known until its metadata arrives). Retry shortly.";
            logger.LogWarning("{Message}", message);
            throw new NoBackboneHostException(message);
        }
        var preferred = hosts.Where(silo => Matches(silo, strategy.PreferredKey, strategy.PreferredValue)).ToList();
        return preferred.Count > 0 ? preferred : hosts;
    }

    private bool Matches(SiloAddress silo, string key, string value)
    {
        if (silo.Equals(localSilo.SiloAddress))
        {
            var own = localRole.Value.ToMetadata();
            return own.TryGetValue(key, out var ownValue) && string.Equals(ownValue, value, StringComparison.Ordinal);
        }
        return metadata.GetSiloMetadata(silo).Metadata.TryGetValue(key, out var found) && string.Equals(found, value, StringComparison.Ordinal);
    }
}
