using LLMEmbed.Core.Fusion;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Features;

/// <summary>
/// The built-in recipes behind `--features` and tenant recipes. "llmembed" follows the paper's
/// shape with the backbones this project ships: the first backbone plays the LLM (several depths,
/// mean-pooled, whose mean is appended), the others add their final first-token vector (Arctic is
/// trained as a CLS embedder, as BERT's pooler and RoBERTa's &lt;s&gt; are in the paper). "taps" hands a
/// linear head everything the cache holds: every tap 0..L of every backbone, mean-pooled, side by side; it
/// costs no extra backbone pass, since the extractor caches all taps of a (backbone, pooling, max tokens).
/// </summary>
public static class RecipeCatalog
{
    public const string Last = "last";
    public const string Layers = "layers";
    public const string LLMEmbed = "llmembed";
    public const string ConcatAll = "concat";
    public const string AllTaps = "taps";

    public static readonly IReadOnlyList<string> Names = [Last, Layers, LLMEmbed, ConcatAll, AllTaps];
    public static readonly IReadOnlyList<string> DefaultBackbones = ["minilm-l6", "arctic-xs"];
    public const int DefaultLayerCount = 6;

    /// <summary>"&lt;recipe&gt;@&lt;backbone&gt;[,&lt;backbone&gt;...]" is the recipe over those backbones instead of the defaults.</summary>
    public const char BackboneSeparator = '@';

    /// <summary>Builds a named recipe over the given backbones (first = primary).</summary>
    public static FeatureRecipe Create(string name, IReadOnlyList<string>? backbones = null, int layers = DefaultLayerCount,
        float sigma = 1f)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var at = name.IndexOf(BackboneSeparator);
        if (at >= 0)
        {
            // "last@minilm-l6-int8": tenants store a recipe by name only, so the name may carry its backbones.
            if (backbones is not null) throw new ArgumentException($"Recipe '{name}' names its backbones; do not pass others.", nameof(backbones));
            var named = name[(at + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (named.Length == 0) throw new ArgumentException($"Recipe '{name}' names no backbone after '{BackboneSeparator}'.", nameof(name));
            var recipe = Create(name[..at], named, layers, sigma);
            return recipe with { Name = $"{recipe.Name}{BackboneSeparator}{string.Join(',', named)}" };
        }
        backbones ??= DefaultBackbones;
        if (backbones.Count == 0) throw new ArgumentException("Name at least one backbone.", nameof(backbones));
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 2);
        var primary = backbones[0];
        // Depths 2..L: the paper taps the top five blocks; on 6-block encoders that is 2..6.
        var depths = Enumerable.Range(Math.Max(1, layers - 4), Math.Min(5, layers)).ToArray();
        return name.ToLowerInvariant() switch
        {
            Last => new FeatureRecipe(Last, [new(primary, [layers], PoolingKind.Mean)], new FusionSpec(FusionKind.Concat)),
            Layers => new FeatureRecipe(Layers, [new(primary, depths, PoolingKind.Mean)], new FusionSpec(FusionKind.Mean)),
            LLMEmbed => new FeatureRecipe(LLMEmbed,
                [new(primary, depths, PoolingKind.Mean), .. backbones.Skip(1).Select(b => new FeatureComponent(b, [layers], PoolingKind.First))],
                new FusionSpec(FusionKind.CoOccurrence) { Sigma = sigma, MeanOf = Enumerable.Range(0, depths.Length).ToArray() }),
            ConcatAll => new FeatureRecipe(ConcatAll,
                backbones.Select(b => new FeatureComponent(b, [layers], PoolingKind.Mean)).ToArray(), new FusionSpec(FusionKind.Concat)),
            AllTaps => new FeatureRecipe(AllTaps,
                backbones.Select(b => new FeatureComponent(b, Enumerable.Range(0, layers + 1).ToArray(), PoolingKind.Mean)).ToArray(),
                new FusionSpec(FusionKind.Concat)),
            _ => throw new ArgumentException($"Unknown feature recipe '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
