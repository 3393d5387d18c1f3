using LLMEmbed.Core.Features;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The plain classes the tenant grain hands its decisions to.</summary>
public class TenantRulesTests
{
    [Fact]
    public void The_per_call_work_bound_holds_for_the_longest_allowed_text_under_the_default_recipe()
    {
        var options = new TenantOptions();
        var recipe = RecipeCatalog.Create(RecipeCatalog.LLMEmbed);
        var catalog = LLMEmbed.Core.Models.ModelCatalog.Load();
        Func<string, int> maxTokens = id => catalog.Get(id).MaxTokens;
        // Both default backbones' manifests allow 512 tokens; a text is cut to that (or refused), never more.
        Assert.Equal(512, maxTokens("minilm-l6"));
        Assert.Equal(512, maxTokens("arctic-xs"));
        var perText = CallWork.PerText(recipe, maxTokens);
        Assert.Equal(1024, perText); // two backbone passes
        var texts = CallWork.TextsPerCall(recipe, maxTokens, options.TokenPassesPerCall);
        Assert.Equal(8, texts);
        var worstSeconds = (double)texts * perText / CallWork.SlowestTokenPassesPerSecond;
        var admittedWait = new BatchingOptions().MaxQueueWait.TotalSeconds;
        Assert.True(worstSeconds + admittedWait < 30 * 0.75, $"{worstSeconds} s of work + {admittedWait} s of queue is not well inside 30 s");
    }

    [Fact]
    public void A_single_pass_recipe_carries_more_texts_and_one_text_is_always_allowed()
    {
        var recipe = RecipeCatalog.Create(RecipeCatalog.Last);
        Assert.Equal(16, CallWork.TextsPerCall(recipe, _ => 512, 8_192));
        Assert.Equal(1, CallWork.TextsPerCall(recipe, _ => 512, 100));
    }

    private static readonly LabelInfo[] Labels = [new("zeta", false, 3), new("alpha", true, 3), new("mid", false, 3)];

    [Fact]
    public void Top_k_zero_ranks_every_label_not_retired_by_probability()
    {
        // Head classes in an order unrelated to the names: class 0 = mid, 1 = zeta, 2 = alpha (retired).
        int[] classLabels = [2, 0, 1];
        float[] probabilities = [0.2f, 0.7f, 0.1f, /* row 2 */ 0.5f, 0.1f, 0.4f];
        var results = LabelRanking.Rank(classLabels, Labels, probabilities, topK: 0, headVersion: 3, truncated: [false, true]);
        Assert.Equal(["zeta", "mid"], results[0].Probabilities.Select(p => p.Label));
        Assert.Equal("zeta", results[0].Label);
        Assert.Equal(["mid", "zeta"], results[1].Probabilities.Select(p => p.Label)); // alpha (0.4) is retired
        Assert.True(results[1].Truncated);
        Assert.Equal(3, results[1].HeadVersion);
        Assert.Single(LabelRanking.Rank(classLabels, Labels, probabilities, topK: 1, 3, [false, false])[0].Probabilities);
    }

    [Fact]
    public void A_head_whose_labels_are_all_retired_answers_nothing()
    {
        LabelInfo[] retired = [new("a", true, 1), new("b", true, 1)];
        Assert.Throws<PreconditionFailedException>(() => LabelRanking.Rank([0, 1], retired, [0.5f, 0.5f], 0, 1, [false]));
    }

    [Fact]
    public void The_import_ledger_advances_only_from_where_the_stored_part_ends()
    {
        var ledger = ImportLedger.Advance([], "file-a", firstRow: 0, rows: 10);
        Assert.Equal(10, ImportLedger.Committed(ledger, "file-a"));
        ledger = ImportLedger.Advance(ledger, "file-a", 10, 5);
        Assert.Equal(15, ImportLedger.Committed(ledger, "file-a"));
        Assert.Equal(0, ImportLedger.Committed(ledger, "file-b"));
        var twice = Assert.Throws<PreconditionFailedException>(() => ImportLedger.Advance(ledger, "file-a", 10, 5));
        Assert.Contains("store rows twice", twice.Message);
        Assert.Throws<PreconditionFailedException>(() => ImportLedger.Advance(ledger, "file-a", 20, 5));
        Assert.Single(ledger);
    }

    [Fact]
    public void The_ledger_keeps_only_the_most_recent_imports()
    {
        ImportRecord[] ledger = [];
        for (var i = 0; i < ImportLedger.Kept + 5; i++) ledger = ImportLedger.Advance(ledger, $"f{i}", 0, 1);
        Assert.Equal(ImportLedger.Kept, ledger.Length);
        Assert.Equal(0, ImportLedger.Committed(ledger, "f0"));
        Assert.Equal(1, ImportLedger.Committed(ledger, $"f{ImportLedger.Kept + 4}"));
    }

    [Fact]
    public void Settings_errors_name_their_field()
    {
        var good = TenantKit.Settings();
        SettingsRules.Check(good);
        Assert.Equal("settings.recipe", Assert.Throws<InvalidRequestException>(() => SettingsRules.Check(good with { Recipe = "nope" })).Field);
        Assert.Equal("settings.limits.maxLabels", Assert.Throws<InvalidRequestException>(() =>
            SettingsRules.Check(good with { Limits = good.Limits with { MaxLabels = 1 } })).Field);
        Assert.Equal("keyHash", Assert.Throws<InvalidRequestException>(() => SettingsRules.Check(good with { KeyHash = [1, 2] })).Field);
    }
}
