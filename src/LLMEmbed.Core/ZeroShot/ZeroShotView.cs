using LLMEmbed.Core.Features;
using LLMEmbed.Core.Fusion;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.ZeroShot;

/// <summary>
/// The vector zero-shot compares for a recipe: its first (primary) component's deepest tap, pooled as that
/// component pools. Every built-in recipe's backbone pass already computes it ("llmembed" taps MiniLM's depths
/// 2..6, mean-pooled), so a caller gets it beside the fused vector without a second pass. Why not the fused
/// vector: on IMDB 4k/2k the whole "llmembed" vector gives 58.5% zero-shot (its PN(Gram) block is near 1 for every
/// text and swamps the angle), its layer-mean block 64.8%, MiniLM's last-layer mean 73.9%.
/// </summary>
public sealed record ZeroShotView(string Backbone, int Tap, PoolingKind Pooling)
{
    public static ZeroShotView For(FeatureRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var primary = recipe.Components[0];
        return new ZeroShotView(primary.Backbone, primary.Taps.Max(), primary.Pooling);
    }

    /// <summary>The view as a one-vector recipe, for offline evaluation (the same vector the recipe's pass yields).</summary>
    public FeatureRecipe AsRecipe() => new(RecipeCatalog.Last, [new FeatureComponent(Backbone, [Tap], Pooling)], new FusionSpec(FusionKind.Concat));

    /// <summary>Position of the view's tap among a component's taps (the component must be the recipe's primary).</summary>
    public int IndexIn(FeatureComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        for (var i = 0; i < component.Taps.Count; i++) if (component.Taps[i] == Tap) return i;
        throw new ArgumentException($"Component {component} has no tap {Tap}.", nameof(component));
    }

    public string Describe() => $"{Backbone} layer {Tap} {Pooling.ToString().ToLowerInvariant()}";
}
