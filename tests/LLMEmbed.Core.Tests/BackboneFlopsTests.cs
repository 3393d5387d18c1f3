using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Models;

namespace LLMEmbed.Core.Tests;

public sealed class BackboneFlopsTests
{
    private static BackboneManifest Shipped(string id) =>
        ModelCatalog.Load(LLMEmbedPaths.FindManifestDirectory(AppContext.BaseDirectory)).Get(id);

    [Fact]
    public void Minilm_l6_costs_the_hand_worked_count_per_token()
    {
        // minilm-l6: L = 6, h = 384, i = 4h = 1536. Multiply-adds per layer and token:
        //   projections 4h² = 4 · 147,456 = 589,824; FFN 2hi = 2 · 384 · 1536 = 1,179,648; together 1,769,472;
        //   attention 2nh = 768n.
        // FLOPs per token = 2 · 6 · (1,769,472 + 768n) = 21,233,664 + 9,216n:
        //   n = 1: 21,242,880; n = 128: 21,233,664 + 1,179,648 = 22,413,312; n = 256: 23,592,960.
        var flops = BackboneFlops.From(Shipped("minilm-l6"));
        Assert.Equal(new BackboneFlops(6, 384, 1536), flops);
        Assert.Equal(21_233_664, flops.FixedPerToken);
        Assert.Equal(21_242_880, flops.PerToken(1));
        Assert.Equal(22_413_312, flops.PerToken(128));
        Assert.Equal(23_592_960, flops.PerToken(256));
        // A 128-token text: 128 · 22,413,312 = 2,868,903,936 FLOPs (~2.9 GFLOP).
        Assert.Equal(2_868_903_936, flops.PerSequence(128));
        // A fractional mean length interpolates the attention term: n = 100.5 adds 9,216 · 100.5 = 926,208.
        Assert.Equal(21_233_664 + 926_208, flops.PerToken(100.5));
    }

    [Fact]
    public void Arctic_xs_has_the_same_shape_and_the_int8_variant_the_same_count()
    {
        // The int8 graph does the same forward multiply-adds, in int8 for the projections and FFN.
        Assert.Equal(BackboneFlops.From(Shipped("minilm-l6")), BackboneFlops.From(Shipped("arctic-xs")));
        Assert.Equal(BackboneFlops.From(Shipped("minilm-l6")), BackboneFlops.From(Shipped("minilm-l6-int8")));
    }

    [Fact]
    public void Each_term_scales_as_the_formula_says()
    {
        var bert = new BackboneFlops(12, 768, 3072);
        // BERT-base: 2 · 12 · (4 · 768² + 2 · 768 · 3072) = 2 · 12 · 7,077,888 = 169,869,312 (the familiar ~170 MFLOP/token).
        Assert.Equal(169_869_312, bert.FixedPerToken);
        // Doubling the layers doubles everything; the attention term grows by 2 · L · 2h = 36,864 per token of length.
        Assert.Equal(2 * bert.PerToken(64), (bert with { Layers = 24 }).PerToken(64));
        Assert.Equal(36_864, bert.PerToken(11) - bert.PerToken(10));
        // A wider FFN changes only its own term: 2 · 12 · 2 · 768 · 1024 more per token.
        Assert.Equal(bert.PerToken(64) + 2.0 * 12 * 2 * 768 * 1024, (bert with { IntermediateSize = 4096 }).PerToken(64));
        Assert.Throws<ArgumentOutOfRangeException>(() => bert.PerToken(-1));
    }

    [Fact]
    public void An_explicit_ffn_width_overrides_the_4h_convention_and_decoders_are_refused()
    {
        var manifest = Shipped("minilm-l6");
        Assert.Equal(1000, BackboneFlops.From(manifest, intermediateSize: 1000).IntermediateSize);
        var error = Assert.Throws<ArgumentException>(() => BackboneFlops.From(manifest with { Architecture = BackboneArchitecture.Decoder }));
        Assert.Contains("encoder", error.Message, StringComparison.Ordinal);
    }
}
