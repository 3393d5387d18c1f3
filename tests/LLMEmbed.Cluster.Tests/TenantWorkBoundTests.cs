using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The per-call bound also keeps each backbone reply of a call within the message limit.</summary>
public sealed class TenantWorkBoundTests
{
    // Work that never binds: tiny token limits, a huge token-pass budget.
    private static TenantWorkBound Bound(int hidden) => new(new TenantOptions { TokenPassesPerCall = int.MaxValue }, _ => 1, _ => hidden);

    [Fact]
    public void A_wide_backbone_caps_the_texts_so_one_reply_fits_the_message_limit()
    {
        const int hidden = 16_384; // one tap: 64 KiB a text, 256 texts in 16 MiB
        var bound = Bound(hidden);
        var texts = bound.TextsPerCall(TenantKit.Settings("last"));
        Assert.Equal(256, texts);
        Assert.True(EmbeddingBlob.SizeOf(texts, 1, hidden, EmbeddingPrecision.Float32) <= ClusterLimits.MaxBlobBytes);
        Assert.True(EmbeddingBlob.SizeOf(texts + 1, 1, hidden, EmbeddingPrecision.Float32) > ClusterLimits.MaxBlobBytes);
    }

    [Fact]
    public void The_pass_with_the_most_taps_sets_the_cap()
    {
        const int hidden = 2_048;
        var recipe = RecipeCatalog.Create(RecipeCatalog.AllTaps);
        var taps = recipe.Components.Max(c => c.Taps.Count);
        Assert.Equal((int)(ClusterLimits.MaxBlobBytes / ((long)taps * hidden * sizeof(float))), Bound(hidden).TextsPerReply(recipe));
    }

    [Fact]
    public void Narrow_backbones_leave_the_other_bounds_in_charge()
    {
        var bound = Bound(384);
        var settings = TenantKit.Settings("last");
        Assert.Equal(ClusterLimits.MaxTextsPerCall, bound.TextsPerCall(settings with { Limits = settings.Limits with { TextsPerCall = 10_000 } }));
        Assert.True(bound.TextsPerReply(RecipeCatalog.Create(RecipeCatalog.AllTaps)) > ClusterLimits.MaxTextsPerCall);
    }
}
