using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's per-call work bound and token window on this silo: token limits are the ones the replicas cut at,
/// the silo's backbone factory's (the manifest capped by Backbone:MaxTokens), and a chunked tenant's texts count
/// at their most windows. It is the one place work is cut into calls: the fusion grain sends each backbone pass
/// of a call as one call, so the bound also keeps that reply within the message limit.
/// </summary>
/// <param name="hiddenSize">Each backbone's hidden width (<c>IBackboneFactory.Manifest(id).HiddenSize</c>).</param>
public sealed class TenantWorkBound(TenantOptions options, Func<string, int> backboneLimit, Func<string, int> hiddenSize)
{
    public int MaxTokensOf(string backboneId) => backboneLimit(backboneId);

    /// <summary>The smallest token limit among the recipe's backbones: one window.</summary>
    public int WindowOf(FeatureRecipe recipe) => recipe.Components.Min(c => MaxTokensOf(c.Backbone));

    /// <summary>Most windows one text may take so that it alone stays within one call's work.</summary>
    public int MostWindows(FeatureRecipe recipe) =>
        (int)Math.Max(1, Math.Min(int.MaxValue, options.TokenPassesPerCall / CallWork.PerText(recipe, MaxTokensOf)));

    /// <summary>Texts one grain call may carry: the work bound, the message limit on a backbone reply, and the tenant's own per-call limit.</summary>
    public int TextsPerCall(TenantSettings settings)
    {
        var recipe = RecipeCatalog.Create(settings.Recipe);
        var work = CallWork.TextsPerCall(recipe, MaxTokensOf, options.TokenPassesPerCall, settings.LongTextOrDefault.WindowsAtMost);
        return Math.Min(settings.Limits.TextsPerCall, Math.Min(work, TextsPerReply(recipe)));
    }

    /// <summary>
    /// Most texts whose vectors fit one backbone reply in every pass of the recipe: per text, the pass's taps x
    /// hidden float32 values (a chunked text's windows are pooled back into one row before the reply).
    /// </summary>
    public int TextsPerReply(FeatureRecipe recipe)
    {
        var perText = BackboneCall.Plan(recipe).Max(c => EmbeddingBlob.SizeOf(1, c.Taps.Length, hiddenSize(c.Backbone), EmbeddingPrecision.Float32));
        return (int)Math.Max(1, ClusterLimits.MaxBlobBytes / perText);
    }
}
