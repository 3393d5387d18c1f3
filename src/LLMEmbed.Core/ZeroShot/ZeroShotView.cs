using LLMEmbed.Core.Features;
using LLMEmbed.Core.Fusion;

namespace LLMEmbed.Core.ZeroShot;

/// <summary>
/// The block of a recipe's fused vector that zero-shot compares (offset, length), so zero-shot reuses the one
/// backbone pass the recipe already makes. Cosines over the whole fused vector are poor (58.5% on IMDB for
/// "llmembed": its PN(Gram) block saturates near 1 for every text and swamps the angle), while one backbone's
/// mean-pooled hidden states carry the sentence meaning. Per fusion:
/// co-occurrence with a layer mean: the appended layer mean (for "llmembed": the primary backbone's depths 2..L mean);
/// mean: the whole vector; concat: the first component's deepest tap (for "last"/"concat": the primary's last-layer mean).
/// </summary>
public sealed record ZeroShotView(int Offset, int Length, string Describe)
{
    /// <summary>The view of <paramref name="recipe"/> whose components have these hidden sizes, or null when none fits (co-occurrence without a layer mean).</summary>
    public static ZeroShotView? For(FeatureRecipe recipe, IReadOnlyList<int> componentHidden)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(componentHidden);
        if (componentHidden.Count != recipe.Components.Count)
            throw new ArgumentException($"Recipe '{recipe.Name}' has {recipe.Components.Count} components, got {componentHidden.Count} hidden sizes.", nameof(componentHidden));
        var dim = RecipeFusion.OutputDim(recipe, componentHidden);
        var first = recipe.Components[0];
        switch (recipe.Fusion.Kind)
        {
            case FusionKind.Mean:
                return new ZeroShotView(0, dim, $"{first.Backbone} mean of layers {string.Join(',', first.Taps)} (whole vector)");
            case FusionKind.Concat:
                var deepest = IndexOfMax(first.Taps);
                return new ZeroShotView(deepest * componentHidden[0], componentHidden[0], $"{first.Backbone} layer {first.Taps[deepest]} {first.Pooling.ToString().ToLowerInvariant()}");
            case FusionKind.CoOccurrence when recipe.Fusion.IncludeLayerMean:
                var k = recipe.VectorCount;
                return new ZeroShotView(k * k, dim - k * k, $"layer-mean block of the {recipe.Name} vector");
            default:
                return null;
        }
    }

    /// <summary>The view's slice of one fused row.</summary>
    public ReadOnlySpan<float> Of(ReadOnlySpan<float> fused) => fused.Slice(Offset, Length);

    private static int IndexOfMax(IReadOnlyList<int> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
