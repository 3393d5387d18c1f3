using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// Settings that shape featurization, and what the tenant reports about them.
public sealed partial class TenantGrain
{
    public async Task<TenantInfo> ChangeLongText(LongTextSettings longText)
    {
        var state = Existing();
        var settings = state.RequiredSettings;
        if (longText is null) throw new InvalidRequestException("long_text is required.", "long_text");
        CheckLongText(settings.Recipe, longText);
        var current = settings.LongTextOrDefault;
        // Stored examples hold features, not (necessarily) texts: they cannot be re-made under a new setting.
        if (state.Examples > 0 && !SameFeatures(current, longText))
            throw new PreconditionFailedException(
                $"Tenant '{Tenant}' stores {state.Examples} examples featurized with long_text {Describe(current)}; stored features are not re-made, " +
                "so this setting is fixed once examples exist. Create a tenant with the new setting and import the examples there.");
        var next = state with { Settings = settings with { LongText = longText } };
        await Commit(next);
        return Info(next);
    }

    public async Task<TenantInfo> ChangeScope(ScopeSettings scope)
    {
        var state = Existing();
        SettingsRules.CheckScope(scope);
        var next = state with { Settings = state.RequiredSettings with { Scope = scope } };
        await Commit(next);
        return Info(next);
    }

    private void CheckLongText(string recipeName, LongTextSettings? longText)
    {
        var recipe = RecipeCatalog.Create(recipeName);
        SettingsRules.CheckLongText(longText, _bound.WindowOf(recipe), _bound.MostWindows(recipe));
    }

    /// <summary>Truncation ignores overlap and window count: two truncating settings make the same features.</summary>
    private static bool SameFeatures(LongTextSettings a, LongTextSettings b) => (!a.Chunks && !b.Chunks) || a == b;

    private static string Describe(LongTextSettings s) => s.Chunks ? $"chunk (overlap {s.Overlap}, at most {s.MaxWindows} windows)" : "truncate";

    private TenantInfo Info(TenantState state)
    {
        var settings = state.RequiredSettings;
        var recipe = RecipeCatalog.Create(settings.Recipe);
        // No grain call carries more than the work bound allows (long texts counted at their most windows), nor more than the tenant's own limit.
        return new TenantInfo(Tenant, settings.Recipe, state.Labels.Count(l => !l.Retired), state.Examples, state.ActiveVersion,
            state.Created, settings.Limits, settings.KeepTexts, _bound.TextsPerCall(settings), _bound.WindowOf(recipe),
            settings.LongTextOrDefault, state.WindowsPerExample, settings.ScopeOrDefault,
            SourceCounting.PerSource(state)[SegmentLabelKeys.Name(ExampleSource.Feedback)],
            settings.ZeroShotBelowOrDefault, state.Tasks.Length);
    }
}
