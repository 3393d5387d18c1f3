using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// Raw ONNX Runtime fp32 vs int8 on the same texts, threads and batch size, in alternating
/// rounds (fp32, int8, fp32, int8, ...) so that load from other processes lands on both alike.
/// </summary>
public sealed record PrecisionComparison(LatencyStats Fp32, LatencyStats Int8, CpuInfo Cpu)
{
    /// <summary>int8 sequences/s over fp32 sequences/s.</summary>
    public double Speedup => Int8.SequencesPerSecond / Fp32.SequencesPerSecond;

    /// <summary>fp32 CPU time per sequence over int8's: the same ratio, far less moved by other processes.</summary>
    public double CpuSpeedup => Fp32.CpuMsPerSequence / Int8.CpuMsPerSequence;

    public static PrecisionComparison Run(BackboneManifest fp32, ModelFiles fp32Files, BackboneManifest int8, ModelFiles int8Files,
        BackboneOptions options, IReadOnlyList<int[]> sequences, int batchSize, int rounds, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(int8);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        if (fp32.Precision != BackbonePrecision.Fp32 || int8.Precision != BackbonePrecision.Int8)
            throw new ArgumentException($"Compare an fp32 manifest with an int8 one; got '{fp32.Id}' ({fp32.Precision}) and '{int8.Id}' ({int8.Precision}).");
        var fp32Runs = new List<LatencyStats>();
        var int8Runs = new List<LatencyStats>();
        for (var r = 0; r < rounds; r++)
        {
            progress?.Report($"raw ONNX Runtime fp32 vs int8, round {r + 1}/{rounds}");
            fp32Runs.Add(RawOnnxLoop.Run(fp32, fp32Files, options, sequences, batchSize));
            int8Runs.Add(RawOnnxLoop.Run(int8, int8Files, options, sequences, batchSize));
        }
        return new PrecisionComparison(Pool($"raw ORT fp32 ({fp32.Id}), batch {batchSize}", fp32Runs),
            Pool($"raw ORT int8 ({int8.Id}), batch {batchSize}", int8Runs), CpuInfo.Read());
    }

    private static LatencyStats Pool(string name, List<LatencyStats> runs) =>
        new(name, runs.Sum(r => r.Sequences), runs.Sum(r => r.Seconds), runs.Select(r => r.P50Ms).Order().ElementAt(runs.Count / 2),
            runs.Max(r => r.P99Ms)) { CpuSeconds = runs.Sum(r => r.CpuSeconds) };
}
