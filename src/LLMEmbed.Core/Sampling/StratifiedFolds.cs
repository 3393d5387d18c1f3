namespace LLMEmbed.Core.Sampling;

/// <summary>
/// The library's one stratified split: a holdout and k folds over class indices. Classes are visited in
/// index order and each class's rows (in input order) are shuffled with the caller's generator, so the result
/// is a pure function of the input and the generator's seed.
/// </summary>
public static class StratifiedFolds
{
    /// <summary>
    /// Per class, round(fraction x count) rows (halves away from zero) go to the holdout: at least one and never
    /// all of a class with two or more rows; a class with a single row stays in training. Rows come back grouped
    /// by class in shuffled order; sort them where order must not carry information.
    /// </summary>
    public static (List<int> Train, List<int> Holdout) Holdout(IReadOnlyList<int> classes, double fraction, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(random);
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The holdout fraction must be in [0, 1).");
        var train = new List<int>(classes.Count);
        var holdout = new List<int>();
        if (fraction == 0)
        {
            train.AddRange(Enumerable.Range(0, classes.Count));
            return (train, holdout);
        }
        foreach (int[] members in ShuffledGroups(classes, random))
        {
            int take = members.Length < 2 ? 0
                : Math.Clamp((int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero), 1, members.Length - 1);
            holdout.AddRange(members.Take(take));
            train.AddRange(members.Skip(take));
        }
        return (train, holdout);
    }

    /// <summary>
    /// Fold (0..k-1) of every row: each class's shuffled rows are dealt round-robin, the dealing continuing where
    /// the previous class stopped, so fold sizes differ by at most one and each class's count per fold by at most one.
    /// </summary>
    public static int[] Assign(IReadOnlyList<int> classes, int k, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(random);
        if (k < 2)
            throw new ArgumentOutOfRangeException(nameof(k), k, "Cross-validation needs at least two folds.");
        if (classes.Count < k)
            throw new ArgumentException($"{classes.Count} rows cannot fill {k} folds.", nameof(classes));
        var fold = new int[classes.Count];
        int next = 0;
        foreach (int[] members in ShuffledGroups(classes, random))
            foreach (int row in members)
            {
                fold[row] = next;
                next = (next + 1) % k;
            }
        return fold;
    }

    /// <summary>Rows outside and inside fold <paramref name="f"/> of an <see cref="Assign"/> result, ascending.</summary>
    public static (int[] Train, int[] Validation) Split(int[] folds, int f)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var train = new List<int>(folds.Length);
        var validation = new List<int>();
        for (int i = 0; i < folds.Length; i++)
            (folds[i] == f ? validation : train).Add(i);
        return (train.ToArray(), validation.ToArray());
    }

    private static List<int[]> ShuffledGroups(IReadOnlyList<int> classes, SeededRandom random)
    {
        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < classes.Count; i++)
        {
            if (classes[i] < 0)
                throw new ArgumentException($"Class index {classes[i]} at row {i} is negative.", nameof(classes));
            if (!byClass.TryGetValue(classes[i], out var members))
                byClass[classes[i]] = members = [];
            members.Add(i);
        }
        var groups = new List<int[]>(byClass.Count);
        foreach (var members in byClass.Values)
        {
            int[] shuffled = [.. members];
            random.Shuffle(shuffled.AsSpan());
            groups.Add(shuffled);
        }
        return groups;
    }
}
