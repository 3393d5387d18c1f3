using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's per-call work bound and token window on this silo: token limits are the ones the replicas cut at,
/// the silo's backbone factory's (the manifest capped by Backbone:MaxTokens), and a chunked tenant's texts count
/// at their most windows.
/// </summary>
public sealed class TenantWorkBound(TenantOptions options, Func<string, int> backboneLimit)
{
    public int MaxTokensOf(string backboneId) => backboneLimit(backboneId);

    /// <summary>The smallest token limit among the recipe's backbones: one window.</summary>
    public int WindowOf(FeatureRecipe recipe) => recipe.Components.Min(c => MaxTokensOf(c.Backbone));

    /// <summary>Most windows one text may take so that it alone stays within one call's work.</summary>
    public int MostWindows(FeatureRecipe recipe) =>
        (int)Math.Max(1, Math.Min(int.MaxValue, options.TokenPassesPerCall / CallWork.PerText(recipe, MaxTokensOf)));

    /// <summary>Texts one grain call may carry: the work bound, and the tenant's own per-call limit.</summary>
    public int TextsPerCall(TenantSettings settings)
    {
        var recipe = RecipeCatalog.Create(settings.Recipe);
        var work = CallWork.TextsPerCall(recipe, MaxTokensOf, options.TokenPassesPerCall, settings.LongTextOrDefault.WindowsAtMost);
        return Math.Min(settings.Limits.TextsPerCall, work);
    }
}
