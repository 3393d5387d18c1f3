using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// The raw ONNX Runtime loop at the batch size that won part 1, kept so it can be measured again right
/// next to another measurement: on a shared machine a ratio of runs minutes apart mostly measures drift.
/// </summary>
public sealed record RawCeiling(BackboneManifest Manifest, ModelFiles Files, BackboneOptions Options, IReadOnlyList<int[]> Sequences, int BatchSize)
{
    /// <summary>The loop over <paramref name="count"/> sequences from <paramref name="start"/> (the texts of one round).</summary>
    public LatencyStats Measure(int start, int count) =>
        RawOnnxLoop.Run(Manifest, Files, Options, Sequences.Skip(start).Take(count).ToArray(), BatchSize);
}
