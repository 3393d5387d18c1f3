namespace LLMEmbed.Core.Batching;

/// <summary>
/// What a batcher actually ran: model runs, their sizes (<see cref="SizeCounts"/>[n] = runs of n
/// sequences) and real vs padded token slots (count x longest per run). Differences of two snapshots
/// (<see cref="Minus"/>) describe the runs of one measured stretch.
/// </summary>
public sealed record RunStatistics(long Runs, long Sequences, long RealTokens, long PaddedTokens, IReadOnlyList<long> SizeCounts)
{
    public static readonly RunStatistics None = new(0, 0, 0, 0, []);

    public double MeanRunSize => Runs == 0 ? 0 : (double)Sequences / Runs;

    /// <summary>Padded token slots over real tokens: 1 means no padding was computed.</summary>
    public double PaddingRatio => RealTokens == 0 ? 0 : (double)PaddedTokens / RealTokens;

    /// <summary>The run size at quantile <paramref name="q"/> of runs (0 when none ran).</summary>
    public int RunSizePercentile(double q)
    {
        if (Runs == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(q * Runs));
        long seen = 0;
        for (var size = 0; size < SizeCounts.Count; size++)
        {
            seen += SizeCounts[size];
            if (seen >= rank) return size;
        }
        return SizeCounts.Count - 1;
    }

    /// <summary>The runs since <paramref name="earlier"/>, a snapshot of the same batcher.</summary>
    public RunStatistics Minus(RunStatistics earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var counts = new long[Math.Max(SizeCounts.Count, earlier.SizeCounts.Count)];
        for (var i = 0; i < counts.Length; i++)
            counts[i] = (i < SizeCounts.Count ? SizeCounts[i] : 0) - (i < earlier.SizeCounts.Count ? earlier.SizeCounts[i] : 0);
        return new RunStatistics(Runs - earlier.Runs, Sequences - earlier.Sequences, RealTokens - earlier.RealTokens,
            PaddedTokens - earlier.PaddedTokens, counts);
    }

    /// <summary>The runs of several batchers (replicas) together.</summary>
    public static RunStatistics Sum(IEnumerable<RunStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = None;
        foreach (var p in parts)
        {
            var counts = new long[Math.Max(total.SizeCounts.Count, p.SizeCounts.Count)];
            for (var i = 0; i < counts.Length; i++)
                counts[i] = (i < total.SizeCounts.Count ? total.SizeCounts[i] : 0) + (i < p.SizeCounts.Count ? p.SizeCounts[i] : 0);
            total = new RunStatistics(total.Runs + p.Runs, total.Sequences + p.Sequences, total.RealTokens + p.RealTokens,
                total.PaddedTokens + p.PaddedTokens, counts);
        }
        return total;
    }

    public override string ToString() => FormattableString.Invariant(
        $"{Runs} runs, mean {MeanRunSize:0.0} sequences (p50 {RunSizePercentile(0.5)}, p90 {RunSizePercentile(0.9)}), padding {PaddingRatio:0.000}x");
}
