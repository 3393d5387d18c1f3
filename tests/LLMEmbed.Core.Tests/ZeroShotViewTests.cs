using LLMEmbed.Core.Features;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.ZeroShot;

public sealed class ZeroShotViewTests
{
    [Theory]
    [InlineData("llmembed")]
    [InlineData("last")]
    [InlineData("layers")]
    [InlineData("concat")]
    [InlineData("taps")]
    public void Every_built_in_recipe_serves_the_primary_backbones_last_layer_mean_from_its_own_pass(string name)
    {
        var recipe = RecipeCatalog.Create(name);
        var view = ZeroShotView.For(recipe);

        Assert.Equal(new ZeroShotView("minilm-l6", 6, PoolingKind.Mean), view);
        // The tap is one the recipe's primary component already asks for: no second backbone pass.
        Assert.Equal(6, recipe.Components[0].Taps[view.IndexIn(recipe.Components[0])]);
        Assert.Equal("minilm-l6 layer 6 mean", view.Describe());
        var single = Assert.Single(view.AsRecipe().Components);
        Assert.Equal([6], single.Taps);
    }

    [Fact]
    public void A_component_without_the_tap_is_refused()
    {
        var view = new ZeroShotView("minilm-l6", 6, PoolingKind.Mean);
        Assert.Throws<ArgumentException>(() => view.IndexIn(new FeatureComponent("minilm-l6", [2, 3], PoolingKind.Mean)));
    }

    [Fact]
    public void The_mean_direction_of_unit_vectors_is_normalised()
    {
        var direction = ZeroShotScorer.MeanDirection([[3f, 0f], [0f, 2f]]);
        Assert.Equal(MathF.Sqrt(0.5f), direction[0], 5);
        Assert.Equal(MathF.Sqrt(0.5f), direction[1], 5);
        Assert.Throws<ArgumentException>(() => ZeroShotScorer.MeanDirection([]));
    }
}
