using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Data;

/// <summary>
/// Seeded, label-stratified splitting and subsampling. Every result is a pure function of the
/// input order and the seed: labels are visited in ordinal order and each label's rows are
/// shuffled with the one generator, so the same seed gives the same rows on any machine.
/// </summary>
internal static class StratifiedSampler
{
    /// <summary>A subset of exactly <paramref name="size"/> rows whose label proportions follow the
    /// input's (largest-remainder rounding), in shuffled order.</summary>
    public static IReadOnlyList<LabeledText> Sample(IReadOnlyList<LabeledText> rows, int size, long seed, string what)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size > rows.Count)
            throw new ArgumentOutOfRangeException(nameof(size), size,
                $"Asked for {size} {what} examples but only {rows.Count} are available.");

        var rng = new SeededRandom(unchecked((ulong)seed));
        var groups = ShuffledGroups(rows, rng);
        var quotas = Quotas(groups.Select(g => g.Count).ToArray(), size);
        var result = new List<LabeledText>(size);
        for (var i = 0; i < groups.Count; i++) result.AddRange(groups[i].Take(quotas[i]));
        rng.Shuffle(result);
        return result;
    }

    /// <summary>Splits each label's rows so that about <paramref name="testFraction"/> go to test
    /// (<see cref="StratifiedFolds.Holdout"/> over labels in ordinal order), both sides then shuffled.</summary>
    public static (IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Test) Split(
        IReadOnlyList<LabeledText> rows, double testFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie strictly between 0 and 1.");

        var labels = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classes = rows.Select(r => labels.BinarySearch(r.Label, StringComparer.Ordinal)).ToArray();
        var rng = new SeededRandom(unchecked((ulong)seed));
        var (trainRows, testRows) = StratifiedFolds.Holdout(classes, testFraction, rng);
        var train = trainRows.Select(i => rows[i] with { Split = DataSplit.Train }).ToList();
        var test = testRows.Select(i => rows[i] with { Split = DataSplit.Test }).ToList();
        rng.Shuffle(train);
        rng.Shuffle(test);
        return (train, test);
    }

    private static List<List<LabeledText>> ShuffledGroups(IReadOnlyList<LabeledText> rows, SeededRandom rng)
    {
        var groups = rows.GroupBy(r => r.Label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.ToList())
            .ToList();
        foreach (var group in groups) rng.Shuffle(group);
        return groups;
    }

    /// <summary>Largest-remainder apportionment of <paramref name="size"/> over group counts; ties go to
    /// the earlier (ordinally smaller) label.</summary>
    internal static int[] Quotas(int[] counts, int size)
    {
        long total = counts.Sum(c => (long)c);
        var quotas = new int[counts.Length];
        if (total == 0) return quotas;
        var remainders = new long[counts.Length];
        var assigned = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var exact = (long)size * counts[i];
            quotas[i] = (int)(exact / total);
            remainders[i] = exact % total;
            assigned += quotas[i];
        }
        var order = Enumerable.Range(0, counts.Length)
            .OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; assigned < size; k = (k + 1) % order.Length)
        {
            var i = order[k];
            if (quotas[i] < counts[i]) { quotas[i]++; assigned++; }
        }
        return quotas;
    }
}
