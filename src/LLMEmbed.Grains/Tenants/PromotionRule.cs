using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Whether a freshly trained head becomes its task's active one.</summary>
public static class PromotionRule
{
    /// <summary>The default task's rule on holdout accuracy (states from before tasks).</summary>
    public static (bool Promote, string Reason) Decide(TenantState state, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Decide(state.ActiveVersion, outcome, "accuracy");
    }

    /// <summary>
    /// Promote when forced, when nothing is active, or when the new head scores at least as well as the active one on the
    /// shared holdout by <paramref name="metric"/>: accuracy (single-label), micro_f1, macro_f1 or exact_match.
    /// </summary>
    public static (bool Promote, string Reason) Decide(int activeVersion, TrainingOutcome outcome, string metric)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (activeVersion == 0) return (true, "promoted: no head was active");
        var score = Score(outcome.Metrics, metric);
        if (outcome.Forced) return (true, $"promoted: forced ({metric} {score:0.####} vs active {(outcome.ActiveMetrics is { } a ? Score(a, metric) : double.NaN):0.####})");
        if (outcome.ActiveMetrics is null || outcome.ComparedWithVersion != activeVersion)
            return (false, $"kept: the active head changed during training (now v{activeVersion}); promote explicitly");
        var active = Score(outcome.ActiveMetrics, metric);
        return score >= active
            ? (true, $"promoted: holdout {metric} {score:0.####} >= active v{activeVersion} {active:0.####}")
            : (false, $"kept: holdout {metric} {score:0.####} < active v{activeVersion} {active:0.####}; not promoted");
    }

    public static double Score(HoldoutMetrics metrics, string metric) => metric switch
    {
        "accuracy" => metrics.Accuracy,
        "micro_f1" => metrics.MicroF1,
        "macro_f1" => metrics.MacroF1,
        "exact_match" => metrics.ExactMatch,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "accuracy, micro_f1, macro_f1 or exact_match"),
    };
}
