using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Fusion;

namespace LLMEmbed.Core.Features;

/// <summary>
/// Turns each component's pooled taps into the recipe's fused vectors. Shared by the offline
/// extractor and the cluster's fusion grains so both produce identical features.
/// </summary>
public static class RecipeFusion
{
    public static int OutputDim(FeatureRecipe recipe, IReadOnlyList<int> hiddenSizes)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var dims = new List<int>();
        for (var c = 0; c < recipe.Components.Count; c++)
            for (var t = 0; t < recipe.Components[c].Taps.Count; t++) dims.Add(hiddenSizes[c]);
        return Fuser.OutputDim(recipe.Fusion, dims);
    }

    /// <summary>componentOutputs[c] holds component c's taps for every text, rows aligned.</summary>
    public static float[][] Fuse(FeatureRecipe recipe, IReadOnlyList<PooledLayers> componentOutputs)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(componentOutputs);
        if (componentOutputs.Count != recipe.Components.Count)
            throw new ArgumentException($"Recipe '{recipe.Name}' has {recipe.Components.Count} components, got {componentOutputs.Count} outputs.");
        var rows = componentOutputs[0].Sequences;
        for (var c = 0; c < componentOutputs.Count; c++)
        {
            if (componentOutputs[c].Sequences != rows)
                throw new ArgumentException("Every component must cover the same texts.");
            if (componentOutputs[c].Taps != recipe.Components[c].Taps.Count)
                throw new ArgumentException($"Component {recipe.Components[c]} expected {recipe.Components[c].Taps.Count} taps, got {componentOutputs[c].Taps}.");
        }

        var dim = OutputDim(recipe, componentOutputs.Select(o => o.Hidden).ToArray());
        var result = new float[rows][];
        var vectors = new ReadOnlyMemory<float>[recipe.VectorCount];
        for (var row = 0; row < rows; row++)
        {
            var k = 0;
            for (var c = 0; c < componentOutputs.Count; c++)
            {
                var output = componentOutputs[c];
                for (var t = 0; t < output.Taps; t++)
                    vectors[k++] = output.Data.AsMemory((row * output.Taps + t) * output.Hidden, output.Hidden);
            }
            result[row] = new float[dim];
            Fuser.Fuse(recipe.Fusion, vectors, result[row]);
        }
        return result;
    }
}
