using LLMEmbed.Core.Features;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// One backbone pass a recipe needs: every component with the same backbone and pooling shares it,
/// asking for the union of their taps; each component then takes its own taps out of the result.
/// </summary>
internal sealed record BackboneCall(string Backbone, PoolingKind Pooling, int[] Taps)
{
    public static BackboneCall[] Plan(FeatureRecipe recipe) =>
        recipe.Components
            .GroupBy(c => (c.Backbone, c.Pooling))
            .Select(g => new BackboneCall(g.Key.Backbone, g.Key.Pooling, g.SelectMany(c => c.Taps).Distinct().Order().ToArray()))
            .ToArray();

    public bool Serves(FeatureComponent component) =>
        string.Equals(component.Backbone, Backbone, StringComparison.Ordinal) && component.Pooling == Pooling;

    /// <summary>The positions in <see cref="Taps"/> of the component's taps, in the component's order.</summary>
    public int[] PositionsOf(FeatureComponent component) => component.Taps.Select(t => Array.IndexOf(Taps, t)).ToArray();
}
