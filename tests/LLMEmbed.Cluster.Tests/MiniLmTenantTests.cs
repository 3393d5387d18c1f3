using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.DependencyInjection;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Tenants over the real MiniLM backbone and real Reuters stories.</summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmTenantTests(MiniLmClusterFixture fixture)
{
    private static readonly IReadOnlyList<(string Text, string Label, string Split)> Reuters = TenantKit.Reuters();

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private static LabeledExample[] Examples(string split, params string[] labels) =>
        Reuters.Where(r => r.Split == split && labels.Contains(r.Label)).Select(r => new LabeledExample(r.Text, r.Label)).ToArray();

    /// <summary>In calls of at most TextsPerGrainCall texts, as the gateway sends them.</summary>
    private static async Task<ClassifyResult[]> Classify(ITenantGrain tenant, string[] texts, int topK)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        var results = new List<ClassifyResult>();
        foreach (var chunk in texts.Chunk(perCall)) results.AddRange(await tenant.Classify(chunk, topK, truncate: true));
        return results.ToArray();
    }

    private static async Task Add(ITenantGrain tenant, LabeledExample[] examples)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        foreach (var chunk in examples.Chunk(perCall)) await tenant.AddExamples(chunk, truncate: true);
    }

    [Fact]
    public async Task A_head_trained_on_real_stories_classifies_held_out_stories()
    {
        var tenant = Tenant("reuters");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        await Add(tenant, Examples("train", "crude", "earn", "money-fx"));
        var job = await TenantKit.Train(tenant);
        Assert.True(job.Metrics!.Accuracy >= 0.8, $"holdout accuracy {job.Metrics.Accuracy}");

        var test = Examples("test", "crude", "earn", "money-fx");
        var results = await Classify(tenant, test.Select(e => e.Text).ToArray(), 3);
        var accuracy = results.Zip(test).Count(p => p.First.Label == p.Second.Label) / (double)test.Length;
        Assert.True(accuracy >= 0.85, $"test accuracy {accuracy:P1}");
        Assert.All(results, r => Assert.Equal(3, r.Probabilities.Length));
        Assert.All(results, r => Assert.InRange(r.Probabilities.Sum(p => p.Probability), 0.99f, 1.01f));
    }

    [Fact]
    public async Task Incremental_training_learns_a_new_label_and_rollback_restores_earlier_predictions()
    {
        var tenant = Tenant("incremental");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn"]);
        await Add(tenant, Examples("train", "crude", "earn"));
        await TenantKit.Train(tenant);
        var moneyTexts = Examples("test", "money-fx").Select(e => e.Text).ToArray();
        var before = await Classify(tenant, moneyTexts, 2);
        Assert.DoesNotContain(before, r => r.Label == "money-fx");

        await tenant.AddLabel("money-fx");
        await Add(tenant, Examples("train", "money-fx"));
        var job = await TenantKit.Train(tenant, TrainingMode.Incremental);
        Assert.True(job.Promoted, job.Message);
        var after = await Classify(tenant, moneyTexts, 3);
        var share = after.Count(r => r.Label == "money-fx") / (double)after.Length;
        Assert.True(share >= 0.7, $"money-fx recognised in {share:P0}");
        Assert.All(after, r => Assert.Equal(2, r.HeadVersion));

        await tenant.Rollback(0);
        var rolledBack = await Classify(tenant, moneyTexts, 2);
        Assert.Equal(before.Select(r => (r.Label, r.HeadVersion)), rolledBack.Select(r => (r.Label, r.HeadVersion)));
        Assert.Equal(before.SelectMany(r => r.Probabilities.Select(p => p.Probability)), rolledBack.SelectMany(r => r.Probabilities.Select(p => p.Probability)));
    }

    /// <summary>The fusion grain of a silo, called from that silo (as its tenant grains call it).</summary>
    private static IFusionGrain Fusion(Orleans.TestingHost.InProcessSiloHandle silo) =>
        silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IFusionGrain>(0);

    private static FusionRequest Request(bool truncate, params string[] texts) => new("last", LongTextSettings.Default, texts, truncate);

    [Fact]
    public async Task Over_long_texts_fail_unless_truncation_is_allowed_and_are_flagged_when_it_is()
    {
        var silo = fixture.Cluster.Silos[0];
        var fusion = Fusion(silo);
        var longText = string.Join(' ', Enumerable.Repeat("petroleum", 400));
        var error = await Assert.ThrowsAsync<TextTooLongException>(() => fusion.Fuse(Request(false, "short text", longText)));
        Assert.Equal(1, error.Index);
        Assert.True(error.Tokens > 128, error.Message);
        Assert.Contains("texts[1]", error.Message);
        Assert.IsAssignableFrom<InvalidRequestException>(error);

        var batch = await fusion.Fuse(Request(true, "short text", longText));
        Assert.Equal([false, true], batch.Truncated);
        Assert.Equal(384, batch.Dim);
        var again = await fusion.Fuse(Request(true, longText));
        Assert.Equal(batch.Row(1).ToArray(), again.Row(0).ToArray());
        // A cached cut vector must not answer a caller that forbids cutting.
        await Assert.ThrowsAsync<TextTooLongException>(() => fusion.Fuse(Request(false, longText)));

        var stats = silo.ServiceProvider.GetRequiredService<FusionCache>().Snapshot();
        Assert.True(stats.Hits >= 1, $"hits {stats.Hits}");
        var replicas = await fixture.Cluster.Client.GetGrain<IBackboneFleetGrain>(0).ListReplicas();
        Assert.Equal("cpu", Assert.Single(replicas, r => r.BackboneId == "minilm-l6").ExecutionProvider);
    }

    [Fact]
    public async Task The_fusion_grain_gives_the_offline_extractors_vectors_for_the_same_texts()
    {
        var texts = Reuters.Where(r => r.Split == "test").Take(12).Select(r => r.Text).Append("A short line.").ToArray();
        using var loader = BackboneLoader.CreateDefault();
        float[][] offline;
        using (var extractor = new FeatureExtractor(loader, cacheRoot: null, new EmbeddingRunnerOptions { MaxTokens = 128 }))
            offline = extractor.Extract(texts, RecipeCatalog.Create("last"));

        var fused = await Fusion(fixture.Cluster.Silos[0]).Fuse(Request(true, texts));
        Assert.Equal((texts.Length, offline[0].Length), (fused.Count, fused.Dim));
        for (var row = 0; row < texts.Length; row++)
        {
            var cluster = fused.Row(row).ToArray();
            // Batches are cut differently online and offline: the same model on differently padded runs agrees to rounding.
            for (var i = 0; i < cluster.Length; i++) Assert.Equal(offline[row][i], cluster[i], 4);
        }
    }
}
