using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Core.Features;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// How much model work one grain call may carry. A call's work is at most texts x (sum over the
/// recipe's backbone passes of that backbone's token limit) token-passes; it is bounded so that at
/// the slowest supported speed it finishes well inside Orleans' 30-second response timeout, even
/// after the longest queue wait the batcher admits.
/// </summary>
public static class CallWork
{
    /// <summary>Slowest speed the defaults are sized for: token-passes per second through all backbones together.</summary>
    public const int SlowestTokenPassesPerSecond = 1_000;

    /// <summary>
    /// Token-passes of one text at its longest: one pass per distinct (backbone, pooling) of the recipe,
    /// each of up to <paramref name="windowsPerText"/> full windows (1 when long texts are truncated).
    /// </summary>
    public static long PerText(FeatureRecipe recipe, Func<string, int> maxTokens, int windowsPerText = 1)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(maxTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerText, 1);
        return windowsPerText * recipe.Components.Select(c => (c.Backbone, c.Pooling)).Distinct().Sum(p => (long)maxTokens(p.Backbone));
    }

    /// <summary>Most texts per call so that texts x <see cref="PerText"/> stays within <paramref name="tokenPassesPerCall"/> (at least 1).</summary>
    public static int TextsPerCall(FeatureRecipe recipe, Func<string, int> maxTokens, int tokenPassesPerCall, int windowsPerText = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenPassesPerCall, 1);
        var perText = PerText(recipe, maxTokens, windowsPerText);
        return (int)Math.Clamp(tokenPassesPerCall / perText, 1, ClusterLimits.MaxTextsPerCall);
    }
}
