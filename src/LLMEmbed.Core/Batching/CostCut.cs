namespace LLMEmbed.Core.Batching;

/// <summary>
/// The one cutter of sequences into model runs, online (<see cref="BatchPlanner"/>, over the planning pool) and
/// offline (<see cref="Backbones.EmbeddingRunner"/>, over all its texts), at the least estimated cost: sorted by length, then split into
/// contiguous runs minimising the sum over runs of (<c>runOverheadTokens</c> + count x longest), the
/// padded token slots a CPU computes plus a fixed price per run. Each run holds at most
/// <c>maxRunSize</c> sequences and, unless it is a single sequence, at most <c>tokenBudget</c> padded
/// tokens. Pure and exact (dynamic programme over the sorted lengths, O(n x maxRunSize)).
/// </summary>
public static class CostCut
{
    /// <returns>Runs of indices into <paramref name="lengths"/>, shortest first; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Cut(IReadOnlyList<int> lengths, int maxRunSize, long tokenBudget, int runOverheadTokens)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRunSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);
        ArgumentOutOfRangeException.ThrowIfNegative(runOverheadTokens);
        var n = lengths.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        // best[j]: least cost of the first j sorted sequences; start[j]: where the last run of that cut begins.
        var best = new long[n + 1];
        var start = new int[n + 1];
        for (var j = 1; j <= n; j++)
        {
            long longest = lengths[order[j - 1]];
            best[j] = long.MaxValue;
            for (var k = j - 1; k >= Math.Max(0, j - maxRunSize); k--)
            {
                var padded = (j - k) * longest;
                if (j - k > 1 && padded > tokenBudget) break; // longer runs only pad more
                var cost = best[k] + runOverheadTokens + padded;
                if (cost < best[j]) { best[j] = cost; start[j] = k; }
            }
        }
        var runs = new List<int[]>();
        for (var j = n; j > 0; j = start[j]) runs.Add(order[start[j]..j]);
        runs.Reverse();
        return runs;
    }
}
