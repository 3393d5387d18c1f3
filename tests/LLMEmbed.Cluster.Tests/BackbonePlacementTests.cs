using LLMEmbed.Tests;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Backbones;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public class BackbonePlacementTests(ClusterFixture fixture)
{
    private SiloAddress HostAddress => fixture.Silo(ClusterFixture.HostSiloName).SiloAddress;

    private static EmbedTextsRequest Request(params string[] texts) => new(texts, [0, 3], PoolingContract.Mean);

    [Fact]
    public async Task A_replica_activates_on_the_silo_its_key_names()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format("placed-on-host", HostAddress));
        await Retry.WhileNoBackboneHost(() => grain.Embed(Request("x")));
        var info = await grain.Describe();
        Assert.NotNull(info);
        Assert.Equal(HostAddress.ToString(), info.Silo);
        Assert.Equal("cpu", info.ExecutionProvider);
    }

    [Fact]
    public async Task A_replica_keyed_to_a_silo_that_hosts_no_backbones_is_refused()
    {
        var other = fixture.Cluster.Silos.First(s => s.Name != ClusterFixture.HostSiloName).SiloAddress;
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format("placed-elsewhere", other));
        var error = await Assert.ThrowsAsync<NoBackboneReplicaException>(() => grain.Embed(Request("x")));
        Assert.Contains("does not host backbones", error.Message);
        Assert.False(fixture.Backbones.Created.ContainsKey("placed-elsewhere"));
    }

    [Fact]
    public async Task Calls_routed_from_every_silo_reach_only_the_host_replica()
    {
        var others = fixture.Cluster.Silos.Where(s => s.Name != ClusterFixture.HostSiloName).ToList();
        Assert.Equal(2, others.Count);
        foreach (var silo in others)
        {
            var grains = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            var report = await grains.GetGrain<IProbeGrain>($"probe-{silo.Name}").EmbedThroughRouter("routed-from-anywhere", [$"from {silo.Name}"]);
            Assert.Equal(silo.SiloAddress.ToString(), report.ProbeSilo);
        }
        var replicas = (await fixture.Cluster.Client.GetGrain<IBackboneFleetGrain>(0).ListReplicas()).Where(r => r.BackboneId == "routed-from-anywhere").ToList();
        var only = Assert.Single(replicas);
        Assert.Equal(HostAddress.ToString(), only.Silo);
        Assert.Equal(2, only.Sequences);
    }

    [Fact]
    public async Task Embeddings_come_back_as_blobs_with_the_backbones_vectors()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format("embed-check", HostAddress));
        var reply = await Retry.WhileNoBackboneHost(() => grain.Embed(Request("ab", "xyz")));
        var layers = reply.Vectors.ToPooledLayers();
        Assert.Equal((2, 2, TestBackbone.Hidden), (layers.Sequences, layers.Taps, layers.Hidden));
        int[] ab = [101, 1000 + 'a', 1000 + 'b', 102];
        Assert.Equal(TestBackbone.Expected(ab, 3, Core.Pooling.PoolingKind.Mean), layers.Vector(0, 1).ToArray());
        // A lone call on an idle replica: its own texts left the queue before it answered.
        Assert.Equal(0, reply.QueueDepth);
    }

    [Fact]
    public async Task The_queue_depth_counts_the_texts_waiting_behind_a_running_batch()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format("gated-depth", HostAddress));
        var first = Retry.WhileNoBackboneHost(() => grain.Embed(Request("first")));
        var timeout = TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + timeout;
        var created = await Eventually.UntilAsync(() => Task.FromResult(fixture.Backbones.Created.ContainsKey("gated-depth")), c => c, timeout);
        Assert.True(created, "The gated backbone was never created.");
        var backbone = fixture.Backbones.Created["gated-depth"];
        Assert.True(backbone.Entered.Wait(timeout));
        var waiting = Enumerable.Range(0, 5).Select(i => Task.Run(() => grain.Embed(Request($"waiting {i}")))).ToArray();
        var depth = await Eventually.UntilAsync(() => grain.QueueDepth(), d => d >= waiting.Length, deadline - DateTime.UtcNow);
        Assert.True(depth >= waiting.Length, "The queue never held the waiting texts.");
        // The running text is out of the queue; the five behind it are in it.
        Assert.Equal(5, await grain.QueueDepth());
        Assert.Equal(5, (await grain.Describe())!.QueueDepth);

        backbone.Gate.Set();
        var replies = await Task.WhenAll(waiting.Append(first)).WaitAsync(timeout);
        Assert.All(replies, r => Assert.InRange(r.QueueDepth, 0, 5));
        Assert.Equal(0, await grain.QueueDepth());
    }

    [Fact]
    public async Task A_text_over_the_token_limit_is_refused_before_the_model_runs_when_cutting_is_off()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format("token-limit-check", HostAddress));
        await Retry.WhileNoBackboneHost(() => grain.Embed(Request("warm")));
        var before = (await grain.Describe())!.Sequences;
        var error = await Assert.ThrowsAsync<TextTooLongException>(() =>
            grain.Embed(new EmbedTextsRequest(["short", new string('x', 500)], [0], PoolingContract.Mean, Truncate: false)));
        Assert.Equal(1, error.Index);
        Assert.Equal(before, (await grain.Describe())!.Sequences);
    }
}
