namespace LLMEmbed.Grains.Tenants;

/// <summary>Whether a freshly trained head becomes the active one.</summary>
public static class PromotionRule
{
    /// <summary>Promote when forced, when nothing is active, or when the new head is at least as accurate on the shared holdout.</summary>
    public static (bool Promote, string Reason) Decide(TenantState state, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outcome);
        if (state.ActiveVersion == 0) return (true, "promoted: no head was active");
        if (outcome.Forced) return (true, $"promoted: forced (accuracy {outcome.Metrics.Accuracy:0.####} vs active {outcome.ActiveMetrics?.Accuracy:0.####})");
        if (outcome.ActiveMetrics is null || outcome.ComparedWithVersion != state.ActiveVersion)
            return (false, $"kept: the active head changed during training (now v{state.ActiveVersion}); promote explicitly");
        return outcome.Metrics.Accuracy >= outcome.ActiveMetrics.Accuracy
            ? (true, $"promoted: holdout accuracy {outcome.Metrics.Accuracy:0.####} >= active v{state.ActiveVersion} {outcome.ActiveMetrics.Accuracy:0.####}")
            : (false, $"kept: holdout accuracy {outcome.Metrics.Accuracy:0.####} < active v{state.ActiveVersion} {outcome.ActiveMetrics.Accuracy:0.####}; not promoted");
    }
}
