namespace LLMEmbed.Core.Scope;

/// <summary>The scope-score threshold that answers a target share of in-scope texts.</summary>
public static class ScopeThreshold
{
    /// <summary>
    /// The largest threshold t with at least <paramref name="coverage"/> of <paramref name="inScope"/> scoring >= t
    /// (a lower quantile); -1 (answer everything) when there are no scores.
    /// </summary>
    public static double ForCoverage(IReadOnlyList<double> inScope, double coverage)
    {
        ArgumentNullException.ThrowIfNull(inScope);
        if (!(coverage > 0 && coverage <= 1)) throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "Coverage must be in (0, 1].");
        if (inScope.Count == 0) return -1;
        var sorted = inScope.Order().ToArray();
        var answered = (int)Math.Ceiling(coverage * sorted.Length - 1e-9);
        return sorted[sorted.Length - Math.Clamp(answered, 1, sorted.Length)];
    }

    /// <summary>Share of <paramref name="scores"/> at or above <paramref name="threshold"/>.</summary>
    public static double Coverage(IReadOnlyList<double> scores, double threshold) =>
        scores.Count == 0 ? 1 : scores.Count(s => s >= threshold) / (double)scores.Count;
}
