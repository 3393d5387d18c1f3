namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// Useful FLOPs a measured path achieved: the model's forward FLOPs of the real (unpadded) tokens it embedded, so
/// padding, tokenization and serving overhead all count as lost time. Two bases: wall-clock per core (what the
/// machine delivered, moved by other processes' load) and per CPU-second (what the process's busy cores delivered,
/// spinning and client threads included).
/// </summary>
public static class AchievedFlops
{
    /// <summary>GFLOP/s per core: <c>sequences/s × FLOPs per text / cores / 10⁹</c>.</summary>
    public static double GflopsPerSecondPerCore(double sequencesPerSecond, double flopsPerText, int cores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        return sequencesPerSecond * flopsPerText / cores / 1e9;
    }

    /// <summary>GFLOP per CPU-second: <c>FLOPs per text / (CPU ms per text / 1000) / 10⁹</c>; NaN when CPU time was not measured.</summary>
    public static double GflopsPerCpuSecond(double cpuMsPerSequence, double flopsPerText) =>
        cpuMsPerSequence > 0 ? flopsPerText / (cpuMsPerSequence / 1000) / 1e9 : double.NaN;
}
