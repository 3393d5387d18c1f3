using LLMEmbed.Core.Scope;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Answers "none" for texts out of the head's scope: each result gets its scope score, and when the tenant
/// abstains and the score is under the threshold (the tenant's override, else the head's own) its label is
/// emptied and it is marked abstained; the probabilities stay, so a caller can still see the head's guess.
/// </summary>
internal static class Abstention
{
    public static ClassifyResult[] Apply(ClassifyResult[] ranked, HeadGuard? guard, FusedVectors fused, ScopeSettings settings)
    {
        if (guard is null) return ranked; // heads trained before abstention: no reference rows to score against
        var results = new ClassifyResult[ranked.Length];
        for (var r = 0; r < ranked.Length; r++)
        {
            var score = guard.ScopeScore(fused.Row(r));
            var abstained = settings.Abstain && guard.OutOfScope(score, settings.Threshold);
            results[r] = ranked[r] with { ScopeScore = score, Abstained = abstained, Label = abstained ? "" : ranked[r].Label };
        }
        return results;
    }
}
