namespace LLMEmbed.Core.Batching;

/// <summary>
/// The one length-sorted batch cutter, used offline (<see cref="Backbones.EmbeddingRunner"/>) and
/// online (the batcher's runs). Pure: sort by length (ties by index, for determinism), then start a new
/// batch whenever the current one holds <c>maxBatchSize</c> sequences, or adding the next (longer)
/// sequence would make its padded tokens (count x longest) exceed <c>tokenBudget</c> or exceed
/// <c>maxPaddingRatio</c> x its real tokens. A sequence over every bound rides alone.
/// </summary>
public static class LengthSortedBatches
{
    /// <returns>Batches of indices into <paramref name="lengths"/>; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Cut(IReadOnlyList<int> lengths, int maxBatchSize, long tokenBudget = long.MaxValue,
        double maxPaddingRatio = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);
        if (!(maxPaddingRatio >= 1.0)) throw new ArgumentOutOfRangeException(nameof(maxPaddingRatio), maxPaddingRatio, "Must be at least 1.");
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        var current = new List<int>();
        long real = 0;
        foreach (var index in order)
        {
            // Ascending order: the newcomer is the longest and sets the padded length.
            long length = lengths[index];
            var padded = (current.Count + 1) * length;
            if (current.Count > 0 && (current.Count == maxBatchSize || padded > tokenBudget || padded > maxPaddingRatio * (real + length)))
            {
                batches.Add([.. current]);
                current.Clear();
                real = 0;
            }
            current.Add(index);
            real += length;
        }
        if (current.Count > 0) batches.Add([.. current]);
        return batches;
    }
}
