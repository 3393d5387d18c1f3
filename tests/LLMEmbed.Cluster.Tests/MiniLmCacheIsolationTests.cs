using System.Diagnostics;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The fused-vector cache is per tenant: a text another tenant just sent costs a tenant a full backbone
/// pass, as an unseen text does, so timing its own calls tells it nothing about other tenants' traffic.
/// Its own repeat is a hit (the measurement below can see one: that half is what makes the test able to fail).
/// </summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmCacheIsolationTests(MiniLmClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Rounds = 7, TextsPerCall = 8;

    private FusionCache Cache => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<FusionCache>();

    [Fact]
    public async Task Another_tenants_texts_cost_a_tenant_what_unseen_texts_cost()
    {
        var (a, b) = (fixture.Cluster.Client.GetGrain<ITenantGrain>("cache-scope-a"), fixture.Cluster.Client.GetGrain<ITenantGrain>("cache-scope-b"));
        await a.Create(TenantKit.Settings("last"));
        await b.Create(TenantKit.Settings("last"));
        var stories = TenantKit.Reuters().Select(r => r.Text).Distinct().OrderBy(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ToArray();
        Assert.True(stories.Length >= Rounds * TextsPerCall * 2, $"{stories.Length} stories");
        await a.Embed(stories[^2..], truncate: true); // warm the model and the grains outside the measured rounds

        var (afterOther, unseen, ownRepeat) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            // Neighbours by length go one to each side, so both calls carry the same backbone work.
            var pool = stories.Skip(round * 2 * TextsPerCall).Take(2 * TextsPerCall).ToArray();
            var sentByB = pool.Where((_, i) => i % 2 == 0).ToArray();
            var fresh = pool.Where((_, i) => i % 2 == 1).ToArray();
            await b.Embed(sentByB, truncate: true);

            var misses = Cache.Snapshot().Misses;
            // Alternate the order so a slow moment on the machine does not always land on the same side.
            if (round % 2 == 0)
            {
                afterOther.Add(await Timed(a, sentByB));
                unseen.Add(await Timed(a, fresh));
            }
            else
            {
                unseen.Add(await Timed(a, fresh));
                afterOther.Add(await Timed(a, sentByB));
            }
            Assert.Equal(misses + 2 * TextsPerCall, Cache.Snapshot().Misses); // B's texts were misses for A
            ownRepeat.Add(await Timed(a, sentByB));
        }

        var (other, cold, repeat) = (Median(afterOther), Median(unseen), Median(ownRepeat));
        output.WriteLine($"{TextsPerCall} texts a call, medians of {Rounds}: sent by another tenant {other:F1} ms, unseen {cold:F1} ms, the tenant's own repeat {repeat:F1} ms");
        Assert.True(other >= 0.5 * cold, $"texts another tenant sent: {other:F1} ms vs unseen {cold:F1} ms (a hit would be ~{repeat:F1} ms)");
        Assert.True(repeat <= 0.2 * cold, $"the tenant's own repeat {repeat:F1} ms vs unseen {cold:F1} ms: the measurement cannot tell a hit from a miss");
    }

    private static async Task<double> Timed(ITenantGrain tenant, string[] texts)
    {
        var clock = Stopwatch.StartNew();
        await tenant.Embed(texts, truncate: true);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
