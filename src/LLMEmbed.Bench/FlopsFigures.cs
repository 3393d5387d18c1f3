using System.Globalization;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Models;

namespace LLMEmbed.Bench;

/// <summary>
/// How far the serving path is from the machine's limit (issue #26): useful forward FLOPs of the sample's real tokens
/// (<see cref="BackboneFlops"/> at its mean length) per second and core on the raw loop and the cluster's cold pass,
/// against the CPU's fp32 and int8 peak (<see cref="CpuPeak"/>). See docs/bench.md, "How far from the machine's peak".
/// </summary>
internal sealed class FlopsFigures(string primary, IReadOnlyList<BackboneManifest> backbones, CpuPeak peak, EmbeddingBenchmark.Result embedding,
    ClusterBenchmark.Result cluster)
{
    /// <summary>What keeps the achieved figures below the peak; the same on every run, the figures beside it say how far.</summary>
    public const string Note =
        "useful FLOPs of real tokens only (padding, tokenization, pooling and serving count as lost time); the peak assumes every cycle " +
        "issues 2 full-width FMAs, which an encoder forward never does: attention softmax, LayerNorm, GELU, bias and residual adds are " +
        "memory- and latency-bound, not FMA-bound; the matmuls are small (384-wide, runs of 8-32 texts) so ORT's kernels spend much of each " +
        "call packing, on edges and in thread hand-offs; weights and activations stream from memory and cache; padding computes unused " +
        "slots; the cluster path also spends CPU on tokenization, gRPC, Orleans messages and its 64 in-process clients; the clock is " +
        "nominal (boost and AVX-512 licences move it) and the port count assumed";

    public CpuPeak Peak => peak;

    private double MeanTokens => embedding.MeanTokensPerText;

    private BackboneFlops Shape(string id) => BackboneFlops.From(backbones.First(b => b.Id == id));

    /// <summary>Useful FLOPs per text of the primary backbone (the raw loop's and the cluster's), at the mean length.</summary>
    private double FlopsPerText => MeanTokens * Shape(primary).PerToken(MeanTokens);

    private double PerCore(LatencyStats s) => AchievedFlops.GflopsPerSecondPerCore(s.SequencesPerSecond, FlopsPerText, peak.LogicalCpus);

    private double PerCpuSecond(LatencyStats s) => AchievedFlops.GflopsPerCpuSecond(s.CpuMsPerSequence, FlopsPerText);

    public void AddTo(Dictionary<string, object?> json)
    {
        json["mean_tokens_per_text"] = N(MeanTokens);
        json["texts_truncated_at_max_tokens"] = embedding.TruncatedTexts;
        // The same figure from the replicas' run counters: the cluster tokenized the same texts to the same tokens.
        json["cluster_mean_tokens_per_text"] = cluster.ColdRuns.Sequences == 0 ? null : (double)cluster.ColdRuns.RealTokens / cluster.ColdRuns.Sequences;
        foreach (var b in backbones) json[$"flops_per_token_{b.Id}"] = N(Shape(b.Id).PerToken(MeanTokens));
        json["flops_per_text"] = N(FlopsPerText);
        json["cpu_peak"] = peak.ToString();
        json["cpu_clock_ghz"] = N(peak.ClockGHz);
        json["cpu_clock_source"] = peak.ClockSource;
        json["cpu_logical_cpus"] = peak.LogicalCpus;
        json["cpu_threads_per_core"] = peak.ThreadsPerCore;
        json["cpu_peak_caveats"] = peak.Caveats.ToArray();
        json["peak_gflops_per_core_fp32"] = N(peak.PeakGflopsPerCoreFp32);
        json["peak_gops_per_core_int8"] = N(peak.PeakGopsPerCoreInt8);
        json["peak_gflops_machine_fp32"] = N(peak.PeakGflopsMachineFp32);
        json["peak_gops_machine_int8"] = N(peak.PeakGopsMachineInt8);
        json["gflops_per_s_per_core_raw"] = N(PerCore(embedding.Raw));
        json["gflops_per_s_per_core_cluster"] = N(PerCore(cluster.Cold));
        json["gflops_per_cpu_s_raw"] = N(PerCpuSecond(embedding.Raw));
        json["gflops_per_cpu_s_cluster"] = N(PerCpuSecond(cluster.Cold));
        json["flops_fraction_of_peak_raw"] = N(PerCore(embedding.Raw) / peak.PeakGflopsPerCoreFp32);
        json["flops_fraction_of_peak_cluster"] = N(PerCore(cluster.Cold) / peak.PeakGflopsPerCoreFp32);
        json["flops_fraction_of_peak_cpu_raw"] = N(PerCpuSecond(embedding.Raw) / peak.PeakGflopsPerCoreFp32);
        json["flops_fraction_of_peak_cpu_cluster"] = N(PerCpuSecond(cluster.Cold) / peak.PeakGflopsPerCoreFp32);
        // The int8 graphs do the same forward ops (attention's activation x activation matmuls stay fp32), counted against the int8 peak.
        if (embedding.Int8 is { } q)
        {
            json["raw_int8_gops_per_s_per_core"] = N(PerCore(q.Int8));
            json["raw_int8_ops_fraction_of_peak"] = N(PerCore(q.Int8) / peak.PeakGopsPerCoreInt8);
        }
        if (cluster.Int8 is { } c)
        {
            json["cluster_int8_gops_per_s_per_core"] = N(PerCore(c.Stats));
            json["cluster_int8_ops_fraction_of_peak"] = N(PerCore(c.Stats) / peak.PeakGopsPerCoreInt8);
        }
        json["flops_note"] = Note;
    }

    /// <summary>Rows for the bench table: name, figure, ratio.</summary>
    public IEnumerable<(string Name, string Figure, string Ratio)> Rows()
    {
        yield return ("mean real tokens per text (max 256)", F(MeanTokens), $"{embedding.TruncatedTexts} texts cut");
        yield return ("forward FLOPs per token at that length", string.Join(" / ", backbones.Select(b => $"{b.Id} {Shape(b.Id).PerToken(MeanTokens) / 1e6:0.00} M")), "");
        yield return ("peak per core: fp32 GFLOP/s / int8 GOPS", $"{F(peak.PeakGflopsPerCoreFp32)} / {F(peak.PeakGopsPerCoreInt8)}",
            $"{peak.LogicalCpus} logical CPUs at {F(peak.ClockGHz)} GHz");
        yield return Achieved("achieved GFLOP/s per core: raw fp32", embedding.Raw, peak.PeakGflopsPerCoreFp32);
        yield return Achieved("achieved GFLOP/s per core: cluster fp32", cluster.Cold, peak.PeakGflopsPerCoreFp32);
        if (embedding.Int8 is { } q) yield return Achieved("achieved GOPS per core: raw int8", q.Int8, peak.PeakGopsPerCoreInt8);
        if (cluster.Int8 is { } c) yield return Achieved("achieved GOPS per core: cluster int8", c.Stats, peak.PeakGopsPerCoreInt8);
    }

    private (string, string, string) Achieved(string name, LatencyStats s, double peakPerCore) =>
        (name, $"{F(PerCore(s))} ({F(PerCpuSecond(s))} per CPU-s)",
            FormattableString.Invariant($"{PerCore(s) / peakPerCore:0.0%} of peak ({PerCpuSecond(s) / peakPerCore:0.0%} by CPU time)"));

    /// <summary>A figure for the JSON object: null when it could not be worked out (no clock, no CPU time), since JSON has no NaN.</summary>
    private static double? N(double v) => double.IsFinite(v) ? v : null;

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
