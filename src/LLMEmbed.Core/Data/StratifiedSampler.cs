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

        var rng = new SplitMix64(seed);
        var groups = ShuffledGroups(rows, rng);
        var quotas = Quotas(groups.Select(g => g.Count).ToArray(), size);
        var result = new List<LabeledText>(size);
        for (var i = 0; i < groups.Count; i++) result.AddRange(groups[i].Take(quotas[i]));
        rng.Shuffle(result);
        return result;
    }

    /// <summary>Splits each label's rows so that about <paramref name="testFraction"/> go to test.
    /// A label with two or more rows keeps at least one on each side; a lone row goes to train.</summary>
    public static (IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Test) Split(
        IReadOnlyList<LabeledText> rows, double testFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie strictly between 0 and 1.");

        var rng = new SplitMix64(seed);
        var train = new List<LabeledText>();
        var test = new List<LabeledText>();
        foreach (var group in ShuffledGroups(rows, rng))
        {
            var testCount = (int)Math.Round(group.Count * testFraction, MidpointRounding.AwayFromZero);
            if (group.Count >= 2) testCount = Math.Clamp(testCount, 1, group.Count - 1);
            else testCount = 0;
            test.AddRange(group.Take(testCount).Select(r => r with { Split = DataSplit.Test }));
            train.AddRange(group.Skip(testCount).Select(r => r with { Split = DataSplit.Train }));
        }
        rng.Shuffle(train);
        rng.Shuffle(test);
        return (train, test);
    }

    private static List<List<LabeledText>> ShuffledGroups(IReadOnlyList<LabeledText> rows, SplitMix64 rng)
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
