using System.Collections.Immutable;
using System.Net;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Routing;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The directory over a scripted membership: this silo is the only host, then it is not.</summary>
public sealed class ReplicaDirectoryTests
{
    private static readonly SiloAddress Local = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    [Fact]
    public void When_a_host_leaves_the_router_forgets_its_replicas()
    {
        var membership = new ScriptedMembership();
        membership.Publish(new ClusterMember(Local, SiloStatus.Active, "local"));
        var router = new ReplicaRouter(new RoutingOptions());
        var roles = new SiloRoles(new NoMetadata(), new LocalSilo(), Options.Create(new SiloRoleOptions { BackboneHost = true }));
        var directory = new ReplicaDirectory(membership, roles, router);

        var replica = Assert.Single(directory.Replicas("b"));
        Assert.Equal(ReplicaKey.Format("b", Local), replica.Key);
        router.Sent(replica.Key, 3);
        Assert.Single(directory.Replicas("b")); // same membership: nothing forgotten
        Assert.Equal(3, router.LoadOf(replica.Key));

        membership.Publish(new ClusterMember(Local, SiloStatus.ShuttingDown, "local"));
        Assert.Empty(directory.Replicas("b"));
        Assert.Equal(0, router.LoadOf(replica.Key));
    }

    private sealed class ScriptedMembership : IClusterMembershipService
    {
        private long _version;

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } =
            new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, MembershipVersion.MinValue);

        public void Publish(params ClusterMember[] members) =>
            CurrentSnapshot = new(members.ToImmutableDictionary(m => m.SiloAddress), new MembershipVersion(++_version));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }

    private sealed class NoMetadata : ISiloMetadataCache
    {
        public SiloMetadata GetSiloMetadata(SiloAddress siloAddress) => throw new NotSupportedException("only the local silo is asked");
    }

    private sealed class LocalSilo : ILocalSiloDetails
    {
        public string Name => "local";
        public string ClusterId => "test";
        public string DnsHostName => "localhost";
        public SiloAddress SiloAddress => Local;
        public SiloAddress GatewayAddress => Local;
    }
}
