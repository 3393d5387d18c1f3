using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The work bound from the silo's backbone factory, and the checks of a tenant's long-text setting.</summary>
public class TenantLongTextRulesTests
{
    private static readonly LongTextSettings Chunk = new(LongTextModeContract.Chunk, 32, 8);

    private static OnnxBackboneFactory Factory(int maxTokens) => new(
        Options.Create(new BackboneOptions { MaxTokens = maxTokens }), Options.Create(new SiloRoleOptions()), NullLogger<OnnxBackboneFactory>.Instance);

    [Fact]
    public void The_work_bound_uses_the_silos_token_cap_and_counts_a_chunked_texts_windows()
    {
        var options = new TenantOptions();
        var capped = Factory(128);
        var bound = new TenantWorkBound(options, id => capped.Manifest(id).MaxTokens, id => capped.Manifest(id).HiddenSize);
        Assert.Equal(128, bound.MaxTokensOf("minilm-l6"));
        var truncate = TenantKit.Settings("last");
        Assert.Equal(options.TokenPassesPerCall / 128, bound.TextsPerCall(truncate));
        Assert.Equal(options.TokenPassesPerCall / (128 * Chunk.MaxWindows), bound.TextsPerCall(truncate with { LongText = Chunk }));
        // The tenant's own per-call limit still caps it.
        Assert.Equal(3, bound.TextsPerCall(truncate with { Limits = truncate.Limits with { TextsPerCall = 3 } }));

        var uncapped = Factory(0);
        Assert.Equal(512, new TenantWorkBound(options, id => uncapped.Manifest(id).MaxTokens, id => uncapped.Manifest(id).HiddenSize).MaxTokensOf("minilm-l6"));
    }

    [Fact]
    public void One_chunked_text_at_its_most_windows_fits_one_calls_work()
    {
        var options = new TenantOptions();
        var bound = new TenantWorkBound(options, _ => 512, _ => 384);
        var recipe = RecipeCatalog.Create(RecipeCatalog.LLMEmbed);
        var most = bound.MostWindows(recipe);
        Assert.True(CallWork.PerText(recipe, bound.MaxTokensOf, most) <= options.TokenPassesPerCall);
        Assert.True(CallWork.PerText(recipe, bound.MaxTokensOf, most + 1) > options.TokenPassesPerCall);
    }

    [Theory]
    [InlineData(64, 8, "chunk_overlap")]   // half the 128-token window
    [InlineData(128, 8, "chunk_overlap")]  // the whole window
    [InlineData(-1, 8, "chunk_overlap")]
    [InlineData(32, 0, "max_windows")]
    [InlineData(32, 65, "max_windows")]
    public void A_bad_long_text_setting_is_refused_naming_its_field(int overlap, int maxWindows, string field)
    {
        var error = Assert.Throws<InvalidRequestException>(() => SettingsRules.CheckLongText(Chunk with { Overlap = overlap, MaxWindows = maxWindows }, 128, 64));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void The_defaults_and_the_largest_allowed_values_pass()
    {
        SettingsRules.CheckLongText(null, 128, 64);
        SettingsRules.CheckLongText(LongTextSettings.Default, 128, 64);
        SettingsRules.CheckLongText(Chunk with { Overlap = 63, MaxWindows = 64 }, 128, 64);
        var unknown = Assert.Throws<InvalidRequestException>(() => SettingsRules.CheckLongText(Chunk with { Mode = (LongTextModeContract)7 }, 128, 64));
        Assert.Equal("long_text", unknown.Field);
    }
}
