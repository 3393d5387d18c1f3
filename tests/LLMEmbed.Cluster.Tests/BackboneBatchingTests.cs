using LLMEmbed.Tests;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Backbones;

namespace LLMEmbed.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public class BackboneBatchingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static EmbedTextsRequest One(string text) => new([text], [6], PoolingContract.Mean, EmbeddingPrecision.Float16);

    /// <summary>Holds the model on a first request, then waits until <paramref name="queued"/> more sequences wait.</summary>
    private async Task<(IBackboneReplicaGrain Grain, TestBackbone Backbone, Task<BackboneReply> First)> BlockModel(string id)
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(ReplicaKey.Format(id, fixture.Silo(ClusterFixture.HostSiloName).SiloAddress));
        var first = grain.Embed(One("first"));
        Assert.True(await Eventually.UntilAsync(() => Task.FromResult(fixture.Backbones.Created.ContainsKey(id)), c => c, Timeout), $"Backbone {id} was never created.");
        var backbone = fixture.Backbones.Created[id];
        Assert.True(backbone.Entered.Wait(Timeout));
        return (grain, backbone, first);
    }

    private static async Task WaitForQueue(IBackboneReplicaGrain grain, int depth)
    {
        Assert.True(await Eventually.UntilAsync(() => grain.QueueDepth(), d => d >= depth, Timeout) >= depth, $"Queue never reached {depth}.");
    }

    [Fact]
    public async Task Concurrent_single_text_requests_share_model_runs()
    {
        var (grain, backbone, first) = await BlockModel("gated-batching");
        var texts = Enumerable.Range(0, 30).Select(i => $"text number {i}").ToArray();
        var calls = texts.Select(t => Task.Run(() => grain.Embed(One(t)))).ToArray();
        await WaitForQueue(grain, texts.Length);
        backbone.Gate.Set();
        var blobs = await Task.WhenAll(calls).WaitAsync(Timeout);
        await first.WaitAsync(Timeout);

        for (var i = 0; i < texts.Length; i++)
        {
            var ids = new[] { 101 }.Concat(texts[i].Select(c => 1000 + c)).Append(102).ToArray();
            var expected = TestBackbone.Expected(ids, 6, PoolingKind.Mean);
            var actual = blobs[i].Vectors.ToPooledLayers().Vector(0, 0).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], expected[k] * 1e-3 + 1e-3);
        }
        var info = (await grain.Describe())!;
        Assert.True(info.LargestBatch > 1, $"Largest batch was {info.LargestBatch}.");
        Assert.Contains(backbone.BatchSizes, size => size > 1);
        Assert.Equal(1 + texts.Length, backbone.BatchSizes.Sum());
        // The replica reports the model runs its batcher executed: every run, every sequence, every real token.
        Assert.Equal(backbone.BatchSizes.Count, info.Runs);
        Assert.Equal(1 + texts.Length, info.RunSequences);
        Assert.Equal(("first".Length + 2) + texts.Sum(t => t.Length + 2), info.RunRealTokens);
        Assert.InRange(info.RunPaddedTokens, info.RunRealTokens, info.RunRealTokens * 2);
        Assert.Equal(info.Runs, info.RunSizeCounts!.Sum());
        Assert.Equal(backbone.BatchSizes.Max(), Array.FindLastIndex(info.RunSizeCounts!, c => c > 0));
    }

    [Fact]
    public async Task A_full_queue_gives_the_client_a_typed_rejection()
    {
        var (grain, backbone, first) = await BlockModel("gated-overload");
        var queued = Enumerable.Range(0, ClusterFixture.QueueCapacity).Select(i => Task.Run(() => grain.Embed(One($"q{i}")))).ToArray();
        await WaitForQueue(grain, ClusterFixture.QueueCapacity);

        var error = await Assert.ThrowsAsync<BackboneOverloadedGrainException>(() => grain.Embed(One("one too many")));
        Assert.Equal("gated-overload", error.BackboneId);
        Assert.Equal(ClusterFixture.QueueCapacity, error.Capacity);
        Assert.Contains("overloaded", error.Message);

        backbone.Gate.Set();
        await Task.WhenAll(queued.Append(first)).WaitAsync(Timeout);
        Assert.Equal(1, (await grain.Describe())!.Rejected);
    }
}
