using System.Diagnostics;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// The ceiling: the untapped graph in a bare InferenceSession loop over pre-tokenized,
/// length-sorted, pre-padded batches, asking only for last_hidden_state. No pooling, no
/// tokenization, no queues: what ONNX Runtime alone does on this machine.
/// </summary>
public static class RawOnnxLoop
{
    public static LatencyStats Run(BackboneManifest manifest, ModelFiles files, BackboneOptions options,
        IReadOnlyList<int[]> sequences, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (options.ExecutionProvider == BackboneOptions.Cuda) sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        using var session = new InferenceSession(files.ModelPath, sessionOptions);
        var output = manifest.Onnx.LastHiddenState ?? session.OutputMetadata.Keys.First();
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        var batches = order.Chunk(batchSize).Select(members => Pad(members.Select(i => sequences[i]).ToArray())).ToArray();

        Execute(session, manifest, output, batches[0]); // warm-up: first run allocates and optimises
        var latencies = new List<double>();
        var cpu = LatencyStats.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            Execute(session, manifest, output, batch);
            var ms = clock.Elapsed.TotalMilliseconds - start;
            for (var i = 0; i < batch.Rows; i++) latencies.Add(ms);
        }
        return LatencyStats.From($"raw ORT, batch {batchSize}", sequences.Count, clock.Elapsed.TotalSeconds, latencies)
            with { CpuSeconds = LatencyStats.ProcessCpuSeconds() - cpu };
    }

    private sealed record PaddedBatch(int Rows, int Length, long[] Ids, long[] Mask, long[] Types);

    private static PaddedBatch Pad(int[][] rows)
    {
        var length = rows.Max(r => r.Length);
        var ids = new long[rows.Length * length];
        var mask = new long[rows.Length * length];
        for (var r = 0; r < rows.Length; r++)
            for (var t = 0; t < rows[r].Length; t++)
            {
                ids[r * length + t] = rows[r][t];
                mask[r * length + t] = 1;
            }
        return new PaddedBatch(rows.Length, length, ids, mask, new long[ids.Length]);
    }

    private static void Execute(InferenceSession session, BackboneManifest manifest, string output, PaddedBatch batch)
    {
        long[] shape = [batch.Rows, batch.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.Mask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.Types, shape);
        var names = new List<string> { manifest.Onnx.InputIds };
        var values = new List<OrtValue> { ids };
        if (manifest.Onnx.AttentionMask is { } m) { names.Add(m); values.Add(mask); }
        if (manifest.Onnx.TokenTypeIds is { } t) { names.Add(t); values.Add(types); }
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, names, values, [output]);
    }
}
