namespace LLMEmbed.Core.Evaluation;

/// <summary>Area under the ROC curve for telling positives (higher scores) from negatives; ties count half.</summary>
public static class Auroc
{
    /// <returns>The probability that a random positive scores above a random negative (0.5 = chance); NaN without both.</returns>
    public static double Compute(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        // Mann-Whitney U from one sort: O((n + m) log(n + m)).
        var all = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false)))
            .OrderBy(x => x.Score).ToArray();
        double rankSum = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j < all.Length && all[j].Score == all[i].Score) j++;
            var rank = (i + 1 + j) / 2.0; // mean 1-based rank of the tie group
            for (var t = i; t < j; t++) if (all[t].Positive) rankSum += rank;
            i = j;
        }
        double n = positives.Count, m = negatives.Count;
        return (rankSum - n * (n + 1) / 2) / (n * m);
    }
}
