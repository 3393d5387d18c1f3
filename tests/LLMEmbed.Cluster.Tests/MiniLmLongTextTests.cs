using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.LongText;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

/// <summary>A tenant that chunks long texts, over the real MiniLM backbone (cut to 128 tokens by the fixture).</summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmLongTextTests(MiniLmClusterFixture fixture)
{
    private const int Window = 128; // the fixture's Backbone:MaxTokens
    private static readonly LongTextSettings Chunk = new(LongTextModeContract.Chunk, 32, 8);

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private IBackboneReplicaGrain Replica() => fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(
        ReplicaKey.Format("minilm-l6", fixture.Cluster.Silos[0].SiloAddress));

    /// <summary>Windows each text takes under <see cref="Chunk"/>, from the backbone's own tokenizer.</summary>
    private int[] ExpectedWindows(string[] texts)
    {
        var tokenizer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IBackboneFactory>().CreateTokenizer("minilm-l6");
        var (prefix, suffix) = SpecialTokens.Of(tokenizer);
        return texts.Select(t => TextWindows.Count(tokenizer.CountTokens(t), prefix, suffix, Window, Chunk.Overlap, Chunk.MaxWindows)).ToArray();
    }

    /// <summary>Real stories joined in pairs: each several windows long, none over the most windows.</summary>
    private string[] LongTexts(int count)
    {
        var stories = TenantKit.Reuters().Select(r => r.Text).ToArray();
        var pairs = Enumerable.Range(0, stories.Length - 1).Select(i => stories[i] + " " + stories[i + 1]).ToArray();
        var windows = ExpectedWindows(pairs);
        var tokenizer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IBackboneFactory>().CreateTokenizer("minilm-l6");
        var chosen = pairs.Where((p, i) => windows[i] >= 2 && tokenizer.CountTokens(p) <= TextWindows.Longest(1, 1, Window, Chunk.Overlap, Chunk.MaxWindows))
            .Take(count).ToArray();
        Assert.Equal(count, chosen.Length);
        return chosen;
    }

    [Fact]
    public async Task A_text_within_one_window_gets_the_same_vector_whether_the_tenant_chunks_or_truncates()
    {
        var truncating = Tenant("lt-short-truncate");
        await truncating.Create(TenantKit.Settings("last"));
        var chunking = Tenant("lt-short-chunk");
        await chunking.Create(TenantKit.Settings("last") with { LongText = Chunk });
        const string text = "OPEC ministers agreed to cut crude output by one million barrels a day.";
        Assert.Equal([1], ExpectedWindows([text]));

        var truncated = await truncating.Embed([text], truncate: false);
        var chunked = await chunking.Embed([text], truncate: false);
        var (a, b) = (Floats(truncated[0]), Floats(chunked[0]));
        Assert.Equal(384, a.Length);
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 5);
    }

    [Fact]
    public async Task All_windows_of_a_calls_long_texts_share_batched_backbone_runs_and_the_cost_is_reported()
    {
        var tenant = Tenant("lt-long-chunk");
        await tenant.Create(TenantKit.Settings("last") with { LongText = Chunk });
        var info = await tenant.Describe();
        Assert.Equal(Chunk, info.LongText);
        Assert.Equal(new Grains.Tenants.TenantOptions().TokenPassesPerCall / (Window * Chunk.MaxWindows), info.TextsPerGrainCall);
        var texts = LongTexts(info.TextsPerGrainCall);
        var expected = ExpectedWindows(texts);

        var before = (await Replica().Describe())!;
        var vectors = await tenant.Embed(texts, truncate: false);
        var after = (await Replica().Describe())!;
        Assert.Equal(texts.Length, vectors.Length);
        var sequences = after.Sequences - before.Sequences;
        var batches = after.Batches - before.Batches;
        Assert.Equal(expected.Sum(), sequences);
        Assert.True(batches < sequences, $"{sequences} windows ran in {batches} model runs: not batched");

        // A truncating tenant refuses the same texts without truncation, and reads less of them with it.
        var truncating = Tenant("lt-long-truncate");
        await truncating.Create(TenantKit.Settings("last"));
        await Assert.ThrowsAsync<TextTooLongException>(() => truncating.Embed(texts[..1], truncate: false));
        var cut = await truncating.Embed(texts[..1], truncate: true);
        Assert.NotEqual(Floats(cut[0]), Floats(vectors[0]));

        // Examples report their windows, and the tenant its windows per example.
        await tenant.SetLabels(["a", "b"]);
        var added = await tenant.AddExamples(texts.Select((t, i) => new LabeledExample(t, i % 2 == 0 ? "a" : "b")).ToArray(), truncate: false);
        Assert.Equal(expected.Sum(), added.Windows);
        Assert.Equal(expected.Average(), (await tenant.Describe()).WindowsPerExample, 6);
    }

    [Fact]
    public async Task The_setting_changes_freely_before_examples_and_is_refused_after()
    {
        var tenant = Tenant("lt-change");
        await tenant.Create(TenantKit.Settings("last"));
        var changed = await tenant.ChangeLongText(Chunk);
        Assert.Equal(Chunk, changed.LongText);
        Assert.True(changed.TextsPerGrainCall < (await Tenant("lt-change-ref").Create(TenantKit.Settings("last"))).TextsPerGrainCall);
        var bad = await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ChangeLongText(Chunk with { Overlap = Window }));
        Assert.Equal("chunk_overlap", bad.Field);

        await tenant.SetLabels(["a", "b"]);
        await tenant.AddExamples([new LabeledExample("crude oil", "a")], truncate: true);
        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.ChangeLongText(LongTextSettings.Default));
        Assert.Contains("1 examples", refused.Message);
        Assert.Equal(Chunk, (await tenant.Describe()).LongText);
        // The same setting again changes nothing, so it is not refused.
        Assert.Equal(Chunk, (await tenant.ChangeLongText(Chunk)).LongText);
    }

    private static float[] Floats(byte[] bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
