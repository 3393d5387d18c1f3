namespace LLMEmbed.Core.Benchmarks;

/// <summary>Throughput and latency percentiles of one measured run.</summary>
public sealed record LatencyStats(string Name, int Sequences, double Seconds, double P50Ms, double P99Ms)
{
    public double SequencesPerSecond => Seconds > 0 ? Sequences / Seconds : 0;

    /// <summary>
    /// Process CPU time (all threads) spent during the run; NaN when not measured. On a shared
    /// machine it moves far less with other processes' load than wall-clock throughput does.
    /// </summary>
    public double CpuSeconds { get; init; } = double.NaN;

    public double CpuMsPerSequence => Sequences > 0 ? CpuSeconds * 1000 / Sequences : double.NaN;

    /// <summary>Process CPU time so far, for <see cref="CpuSeconds"/> deltas.</summary>
    public static double ProcessCpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;

    public static LatencyStats From(string name, int sequences, double seconds, IReadOnlyList<double> latenciesMs)
    {
        var sorted = latenciesMs.Order().ToArray();
        return new LatencyStats(name, sequences, seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
