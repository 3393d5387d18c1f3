using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Fusion is a stateless worker: it runs on the silo that calls it, so a text's vector is fused, and
/// cached, where the calling tenant grain lives, whichever silo hosts the backbone.
/// </summary>
[Collection(ClusterCollection.Name)]
public class FusionGrainTests(ClusterFixture fixture)
{
    /// <summary>Whether the silo's fusion cache holds the text's vector under recipe "last", truncating, in a scope ("" = a direct call's).</summary>
    private static bool Cached(InProcessSiloHandle silo, string text, string scope = "") =>
        silo.ServiceProvider.GetRequiredService<FusionCache>().TryGet(FusionCache.KeyOf("last", text, scope), out _, out _);

    private IGrainFactory GrainsOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Called_from_any_silo_the_fusion_grain_works_on_that_silo()
    {
        foreach (var silo in fixture.Cluster.Silos)
        {
            var text = $"fused from {silo.Name}";
            var fused = await Retry.WhileNoBackboneHost(() =>
                GrainsOf(silo).GetGrain<IFusionGrain>(0).Fuse(new FusionRequest("last", LongTextSettings.Default, [text], Truncate: true)));
            Assert.Equal((1, TestBackbone.Hidden), (fused.Count, fused.Dim));
            Assert.All(fixture.Cluster.Silos, s => Assert.Equal(s.Name == silo.Name, Cached(s, text)));
        }
    }

    [Fact]
    public async Task A_tenants_texts_are_fused_on_the_tenants_own_silo()
    {
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var fusionType = typeof(FusionGrain).FullName!;
        for (var t = 0; t < 6; t++)
        {
            var tenant = fixture.Cluster.Client.GetGrain<ITenantGrain>($"fusion-local-{t}");
            var created = (await tenant.Create(TenantKit.Settings())).Created;
            var text = $"only tenant {t} sends this";
            var vectors = await Retry.WhileNoBackboneHost(() => tenant.Embed([text], truncate: true));
            Assert.Equal(TestBackbone.Hidden * sizeof(float), Assert.Single(vectors).Length);

            var home = Assert.Single(await management.GetDetailedGrainStatistics(), a => a.GrainId == tenant.GetGrainId()).SiloAddress;
            // Stateless workers are counted per silo by type (they are not in the grain directory).
            Assert.Contains(await management.GetSimpleGrainStatistics(),
                s => s.GrainType.StartsWith(fusionType + ",", StringComparison.Ordinal) && s.SiloAddress.Equals(home) && s.ActivationCount > 0);
            // Cached in the tenant's own scope (its name and creation time), never the shared one.
            Assert.All(fixture.Cluster.Silos, s => Assert.Equal(s.SiloAddress.Equals(home), Cached(s, text, $"fusion-local-{t}@{created.UtcTicks}")));
            Assert.All(fixture.Cluster.Silos, s => Assert.False(Cached(s, text)));
        }
    }
}
