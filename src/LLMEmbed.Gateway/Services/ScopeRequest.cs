using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Services;

/// <summary>The public abstention fields (abstain, scope_target_coverage, scope_threshold) to the tenant's setting; ranges are the grain's.</summary>
internal static class ScopeRequest
{
    /// <summary>Unset fields keep <paramref name="current"/>'s; a threshold of 0 clears the override.</summary>
    public static ScopeSettings Resolve(bool? abstain, double? targetCoverage, double? threshold, ScopeSettings current) => new(
        abstain ?? current.Abstain,
        targetCoverage ?? current.TargetCoverage,
        threshold is null ? current.Threshold : threshold == 0 ? null : threshold);
}
