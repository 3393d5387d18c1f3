using LLMEmbed.Core.Features;

namespace LLMEmbed.Core.Tests;

public class RecipeBackbonesInNameTests
{
    [Fact]
    public void A_recipe_name_can_carry_its_backbones()
    {
        var recipe = RecipeCatalog.Create("last@minilm-l6-int8");
        Assert.Equal("last@minilm-l6-int8", recipe.Name);
        Assert.Equal(["minilm-l6-int8"], recipe.Backbones);
        // Same shape as the default "last", over another backbone; the distinct name keeps their cached vectors apart.
        var plain = RecipeCatalog.Create(RecipeCatalog.Last);
        Assert.Equal(plain.Components[0].Taps, recipe.Components[0].Taps);
        Assert.NotEqual(plain.Name, recipe.Name);
    }

    [Fact]
    public void Several_backbones_keep_their_order()
    {
        var recipe = RecipeCatalog.Create("LLMEmbed@minilm-l6-int8, arctic-xs-int8");
        Assert.Equal("llmembed@minilm-l6-int8,arctic-xs-int8", recipe.Name);
        Assert.Equal(["minilm-l6-int8", "arctic-xs-int8"], recipe.Backbones);
    }

    [Theory]
    [InlineData("last@")]
    [InlineData("nope@minilm-l6")]
    public void Bad_names_are_refused(string name) => Assert.Throws<ArgumentException>(() => RecipeCatalog.Create(name));
}
