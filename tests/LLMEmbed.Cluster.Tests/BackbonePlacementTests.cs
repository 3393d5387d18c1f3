using LLMEmbed.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public class BackbonePlacementTests(ClusterFixture fixture)
{
    private string HostAddress => fixture.Silo(ClusterFixture.HostSiloName).SiloAddress.ToString();

    [Fact]
    public async Task Backbones_called_from_the_client_activate_only_on_the_host()
    {
        for (var i = 0; i < 8; i++)
        {
            var grain = fixture.Cluster.Client.GetGrain<IBackboneGrain>($"client-placed-{i}");
            var info = await Retry.WhileNoBackboneHost(grain.Describe);
            Assert.Equal(HostAddress, info.Silo);
            Assert.Equal("cpu", info.ExecutionProvider);
        }
    }

    [Fact]
    public async Task Backbones_called_from_grains_on_other_silos_activate_only_on_the_host()
    {
        var others = fixture.Cluster.Silos.Where(s => s.Name != ClusterFixture.HostSiloName).ToList();
        Assert.Equal(2, others.Count);
        foreach (var silo in others)
        {
            var grains = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            for (var i = 0; i < 4; i++)
            {
                var report = await grains.GetGrain<IProbeGrain>($"probe-{silo.Name}-{i}").LocateBackbone($"grain-placed-{silo.Name}-{i}");
                Assert.Equal(silo.SiloAddress.ToString(), report.ProbeSilo);
                Assert.Equal(HostAddress, report.BackboneSilo);
            }
        }
    }

    [Fact]
    public async Task Embeddings_come_back_as_blobs_with_the_backbones_vectors()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneGrain>("embed-check");
        var blob = await Retry.WhileNoBackboneHost(() => grain.EmbedTexts(new EmbedTextsRequest(["ab", "xyz"], [0, 3], Core.Pooling.PoolingKind.Mean)));
        var layers = blob.ToPooledLayers();
        Assert.Equal((2, 2, TestBackbone.Hidden), (layers.Sequences, layers.Taps, layers.Hidden));
        int[] ab = [101, 1000 + 'a', 1000 + 'b', 102];
        Assert.Equal(TestBackbone.Expected(ab, 3, Core.Pooling.PoolingKind.Mean), layers.Vector(0, 1).ToArray());
    }

    [Fact]
    public async Task Invalid_requests_are_refused_before_reaching_the_model()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBackboneGrain>("validation-check");
        var tooMany = Enumerable.Repeat("x", ClusterLimits.MaxTextsPerCall + 1).ToArray();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Retry.WhileNoBackboneHost(() => grain.EmbedTexts(new EmbedTextsRequest(tooMany, [0], Core.Pooling.PoolingKind.Mean))));
        Assert.Contains("Texts", error.Message);
    }
}
