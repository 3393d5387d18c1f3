namespace LLMEmbed.Core.Batching;

/// <summary>
/// Cuts one planned batch into runs of similar length. Pure, so the rule is tested alone: sort by
/// length, then start a new run whenever adding the next (longer) sequence would make the run's
/// padded tokens (count x longest) exceed <c>maxPaddingRatio</c> x its real tokens, or the run
/// already holds <c>maxRunSize</c> sequences.
/// </summary>
public static class PaddingSplitter
{
    /// <returns>Runs of indices into <paramref name="lengths"/>; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Split(IReadOnlyList<int> lengths, double maxPaddingRatio, int maxRunSize = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (!(maxPaddingRatio >= 1.0)) throw new ArgumentOutOfRangeException(nameof(maxPaddingRatio), maxPaddingRatio, "Must be at least 1.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRunSize);
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var runs = new List<int[]>();
        var current = new List<int>();
        long real = 0;
        foreach (var index in order)
        {
            var length = lengths[index];
            // Ascending order: the newcomer is the longest and sets the padded length.
            if (current.Count == maxRunSize || (current.Count > 0 && (double)(current.Count + 1) * length > maxPaddingRatio * (real + length)))
            {
                runs.Add([.. current]);
                current.Clear();
                real = 0;
            }
            current.Add(index);
            real += length;
        }
        if (current.Count > 0) runs.Add([.. current]);
        return runs;
    }
}
