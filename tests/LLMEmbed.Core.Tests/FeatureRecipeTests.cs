using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Fusion;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Tests;

public class FeatureRecipeTests
{
    [Fact]
    public void LLM_embed_recipe_taps_primary_depths_and_other_backbones_first_token()
    {
        var recipe = RecipeCatalog.Create(RecipeCatalog.LLMEmbed, ["a", "b", "c"], layers: 6, sigma: 0.5f);
        Assert.Equal(3, recipe.Components.Count);
        Assert.Equal([2, 3, 4, 5, 6], recipe.Components[0].Taps);
        Assert.Equal(PoolingKind.Mean, recipe.Components[0].Pooling);
        Assert.All(recipe.Components.Skip(1), c => Assert.Equal(PoolingKind.First, c.Pooling));
        Assert.Equal(FusionKind.CoOccurrence, recipe.Fusion.Kind);
        Assert.Equal(0.5f, recipe.Fusion.Sigma);
        Assert.Equal([0, 1, 2, 3, 4], recipe.Fusion.MeanOf!);
        Assert.Equal(7, recipe.VectorCount);
        // 7x7 Gram + 384-d layer mean.
        Assert.Equal(49 + 384, RecipeFusion.OutputDim(recipe, [384, 384, 384]));
    }

    [Fact]
    public void Taps_recipe_concatenates_every_tap_of_every_backbone_mean_pooled()
    {
        var recipe = RecipeCatalog.Create(RecipeCatalog.AllTaps, ["a", "b"], layers: 6);

        Assert.Equal(["a", "b"], recipe.Components.Select(c => c.Backbone));
        Assert.All(recipe.Components, c => Assert.Equal([0, 1, 2, 3, 4, 5, 6], c.Taps));
        Assert.All(recipe.Components, c => Assert.Equal(PoolingKind.Mean, c.Pooling));
        Assert.Equal(FusionKind.Concat, recipe.Fusion.Kind);
        Assert.Equal(14, recipe.VectorCount);
        Assert.Equal(2 * 7 * 384, RecipeFusion.OutputDim(recipe, [384, 384]));
        Assert.Contains(RecipeCatalog.AllTaps, RecipeCatalog.Names);
    }

    [Fact]
    public void Taps_features_hold_the_last_layer_features_and_a_later_recipe_reuses_their_backbone_pass()
    {
        using var cache = new TempDirectory();
        using var loader = BackboneLoader.CreateDefault();
        string[] texts = ["The film was a delight from start to finish.", "Oil prices fell sharply on Tuesday.", "Dull, long and badly acted."];
        using var extractor = new FeatureExtractor(loader, cache.Path, new EmbeddingRunnerOptions { MaxTokens = 64 });

        float[][] taps = extractor.Extract(texts, RecipeCatalog.Create(RecipeCatalog.AllTaps));
        var reports = new List<ExtractionProgress>();
        float[][] concat = extractor.Extract(texts, RecipeCatalog.Create(RecipeCatalog.ConcatAll), new ListProgress(reports));

        Assert.All(taps, row => Assert.Equal(2 * 7 * 384, row.Length));
        // concat = each backbone's tap 6: slices 6 (MiniLM) and 13 (Arctic) of the taps vector.
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(concat[i][..384], taps[i][(6 * 384)..(7 * 384)]);
            Assert.Equal(concat[i][384..], taps[i][(13 * 384)..]);
        }
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(0, r.Total));
    }

    private sealed class ListProgress(List<ExtractionProgress> reports) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => reports.Add(value);
    }

    [Fact]
    public void Unknown_recipe_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => RecipeCatalog.Create("bogus"));
        Assert.Contains("llmembed", e.Message);
    }

    [Fact]
    public void Recipe_fusion_feeds_the_fuser_every_component_tap_in_order()
    {
        var recipe = new FeatureRecipe("t",
            [new FeatureComponent("a", [1, 2], PoolingKind.Mean), new FeatureComponent("b", [3], PoolingKind.First)],
            new FusionSpec(FusionKind.Concat));
        // Two texts; component a: 2 taps x 2 dims, component b: 1 tap x 2 dims.
        var a = new PooledLayers(2, 2, 2, [1, 2, 3, 4, /* text 2 */ 5, 6, 7, 8]);
        var b = new PooledLayers(2, 1, 2, [9, 10, /* text 2 */ 11, 12]);
        var fused = RecipeFusion.Fuse(recipe, [a, b]);
        Assert.Equal([1f, 2, 3, 4, 9, 10], fused[0]);
        Assert.Equal([5f, 6, 7, 8, 11, 12], fused[1]);
    }

    [Fact]
    public void Recipe_fusion_co_occurrence_matches_hand_computed_gram()
    {
        var recipe = new FeatureRecipe("t",
            [new FeatureComponent("a", [1, 2], PoolingKind.Mean)],
            new FusionSpec(FusionKind.CoOccurrence) { Sigma = 2f, MeanOf = [0, 1] });
        var a = new PooledLayers(1, 2, 2, [1, 0, 1, 1]); // x1 = (1,0), x2 = (1,1)
        var fused = RecipeFusion.Fuse(recipe, [a])[0];
        // G = [[1,1],[1,2]]; PN(g) = tanh(sigma*g/2) = tanh(g).
        float[] expected = [MathF.Tanh(1), MathF.Tanh(1), MathF.Tanh(1), MathF.Tanh(2), 1f, 0.5f];
        Assert.Equal(expected.Length, fused.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], fused[i], 5);
    }

    [Fact]
    public void Recipe_fusion_rejects_misaligned_components()
    {
        var recipe = RecipeCatalog.Create(RecipeCatalog.ConcatAll, ["a", "b"]);
        var one = new PooledLayers(1, 1, 2, [1, 2]);
        var two = new PooledLayers(2, 1, 2, [1, 2, 3, 4]);
        Assert.Throws<ArgumentException>(() => RecipeFusion.Fuse(recipe, [one, two]));
        Assert.Throws<ArgumentException>(() => RecipeFusion.Fuse(recipe, [one]));
    }
}
