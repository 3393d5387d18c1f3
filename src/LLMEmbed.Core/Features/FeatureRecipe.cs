using LLMEmbed.Core.Fusion;

namespace LLMEmbed.Core.Features;

/// <summary>
/// Names what a feature vector is: the backbone taps it is built from and how they are fused.
/// The fused inputs are every component's tap vectors, in component then tap order.
/// </summary>
public sealed record FeatureRecipe(string Name, IReadOnlyList<FeatureComponent> Components, FusionSpec Fusion)
{
    /// <summary>Number of vectors handed to the fuser.</summary>
    public int VectorCount => Components.Sum(c => c.Taps.Count);

    public IEnumerable<string> Backbones => Components.Select(c => c.Backbone).Distinct(StringComparer.Ordinal);

    public string Describe() =>
        $"{Name}: {string.Join(" + ", Components)} -> {Fusion.Kind.ToString().ToLowerInvariant()}" +
        (Fusion.Kind == FusionKind.CoOccurrence ? $" (sigma {Fusion.Sigma:0.###})" : "");
}
