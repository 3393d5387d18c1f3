using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Placement;

namespace LLMEmbed.Grains.Routing;

/// <summary>
/// The live replicas of a backbone as this silo sees them: one per active silo of the membership
/// whose metadata says it hosts backbones. A host that joins appears once it is active and its
/// metadata has arrived; one that leaves or is declared dead disappears with the next membership
/// version. Computed from the immutable membership snapshot, cached per membership version; when the
/// hosts change, the router forgets the replicas of hosts that left.
/// </summary>
public sealed class ReplicaDirectory(IClusterMembershipService membership, SiloRoles roles, ReplicaRouter router)
{
    private readonly object _lock = new();
    private MembershipVersion _version = MembershipVersion.MinValue;
    private List<(SiloAddress Silo, string Accelerator)> _hosts = [];
    private bool _complete;

    /// <summary>Live replicas of <paramref name="backboneId"/>, in a stable order.</summary>
    public IReadOnlyList<ReplicaCandidate> Replicas(string backboneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        return Hosts().Select(h => new ReplicaCandidate(ReplicaKey.Format(backboneId, h.Silo), h.Silo, h.Accelerator)).ToList();
    }

    /// <summary>Active backbone-host silos and their accelerators.</summary>
    public IReadOnlyList<(SiloAddress Silo, string Accelerator)> Hosts()
    {
        var snapshot = membership.CurrentSnapshot;
        lock (_lock)
        {
            // Metadata of a new silo can arrive after its membership version: recompute until every active silo's role is known.
            if (snapshot.Version == _version && _complete) return _hosts;
            var complete = true;
            var hosts = new List<(SiloAddress Silo, string Accelerator)>();
            foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal))
            {
                var role = roles.Of(member.SiloAddress);
                if (!role.Known) complete = false;
                else if (role.BackboneHost) hosts.Add((member.SiloAddress, role.Accelerator));
            }
            _version = snapshot.Version;
            if (!hosts.SequenceEqual(_hosts)) router.Retain(hosts.Select(h => h.Silo).ToList());
            _hosts = hosts;
            _complete = complete;
            return hosts;
        }
    }
}
