using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace LLMEmbed.Grains.Placement;

/// <summary>What a silo offers, read from its published metadata (the local silo from its own configuration).</summary>
public sealed record SiloRole(bool Known, bool BackboneHost, string Accelerator)
{
    public static readonly SiloRole Unknown = new(false, false, "");
}

/// <summary>
/// Reads silos' roles out of the cluster's silo metadata. A silo that joined moments ago has empty
/// metadata until it is fetched, so it counts as not a host until then.
/// </summary>
public sealed class SiloRoles(ISiloMetadataCache metadata, ILocalSiloDetails localSilo, IOptions<SiloRoleOptions> localRole)
{
    public SiloRole Of(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var values = silo.Equals(localSilo.SiloAddress)
            ? localRole.Value.ToMetadata()
            : (IReadOnlyDictionary<string, string>)metadata.GetSiloMetadata(silo).Metadata;
        if (!values.TryGetValue(SiloRoleOptions.BackboneHostKey, out var host)) return SiloRole.Unknown;
        values.TryGetValue(SiloRoleOptions.AcceleratorKey, out var accelerator);
        return new SiloRole(true, string.Equals(host, "true", StringComparison.Ordinal), accelerator ?? SiloRoleOptions.Cpu);
    }
}
