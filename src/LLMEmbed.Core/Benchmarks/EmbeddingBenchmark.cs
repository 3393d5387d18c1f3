using System.Collections.Concurrent;
using System.Diagnostics;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// Part 1 of the bench (src/LLMEmbed.Bench): the same backbone, threads and texts through (a) a bare ONNX Runtime
/// loop at its best batch size, (b) the Core runner, (c) the dynamic batcher fed by concurrent
/// single-text callers — the in-process half of the serving path.
/// </summary>
public sealed class EmbeddingBenchmark(BackboneLoader loader, BackboneOptions options)
{
    public IReadOnlyList<int> RawBatchSizes { get; init; } = [8, 32, 64];
    public int Concurrency { get; init; } = 64;
    /// <summary>Alternating fp32 / int8 raw rounds against the backbone's "-int8" manifest, when the catalog has one; 0 skips them.</summary>
    public int Int8Rounds { get; init; } = 2;

    /// <summary><paramref name="Int8"/> is null when the catalog has no int8 variant of the backbone (or it was skipped).</summary>
    public sealed record Result(LatencyStats Raw, IReadOnlyList<LatencyStats> RawAll, LatencyStats Runner, LatencyStats Batcher, double BatcherMeanBatch,
        RawCeiling Ceiling, PrecisionComparison? Int8 = null)
    {
        /// <summary>The model runs the batcher executed (sizes, padding).</summary>
        public RunStatistics BatcherRuns { get; init; } = RunStatistics.None;

        /// <summary>Padded over real tokens of the raw loop's globally sorted batches at its best size.</summary>
        public double RawPaddingRatio { get; init; }

        /// <summary>The raw loop on the int8 graph at the same batch size, to measure next to the cluster's int8 path; null without int8.</summary>
        public RawCeiling? Int8Ceiling { get; init; }

        /// <summary>Real tokens per text of the sample at the run's MaxTokens, [CLS] and [SEP] included (what every path embeds; padding excluded).</summary>
        public double MeanTokensPerText { get; init; }

        /// <summary>Texts of the sample cut at MaxTokens.</summary>
        public int TruncatedTexts { get; init; }
    }

    public Result Run(string backboneId, IReadOnlyList<string> texts, int maxTokens, IProgress<string>? progress = null)
    {
        var loaded = loader.Get(backboneId);
        var manifest = loaded.Backbone.Manifest;
        var runner = new EmbeddingRunner(loaded.Backbone, loaded.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = maxTokens });
        var sequences = runner.Tokenize(texts, out var truncated);
        int[] taps = [manifest.Layers];

        var files = new ModelStore(LLMEmbedPaths.Default()).Ensure(manifest);
        var raws = new List<LatencyStats>();
        foreach (var size in RawBatchSizes)
        {
            progress?.Report($"raw ONNX Runtime loop, batch {size}");
            raws.Add(RawOnnxLoop.Run(manifest, files, options, sequences, size));
        }
        var raw = raws.MaxBy(r => r.SequencesPerSecond)!;
        var ceiling = new RawCeiling(manifest, files, options, sequences, RawBatchSizes[raws.IndexOf(raw)]);
        var (int8, int8Ceiling) = CompareInt8(manifest, files, sequences, ceiling.BatchSize, progress);

        progress?.Report("Core runner");
        runner.Embed(sequences.Take(8).ToArray(), taps, PoolingKind.Mean); // warm-up
        var cpu = LatencyStats.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        var perBatch = new List<double>();
        var last = 0.0;
        runner.Embed(sequences, taps, PoolingKind.Mean, new SyncProgress(p =>
        {
            var now = clock.Elapsed.TotalMilliseconds;
            perBatch.Add(now - last);
            last = now;
        }));
        var runnerStats = LatencyStats.From("Core runner", sequences.Length, clock.Elapsed.TotalSeconds, perBatch)
            with { CpuSeconds = LatencyStats.ProcessCpuSeconds() - cpu };

        progress?.Report($"dynamic batcher, {Concurrency} concurrent single-text callers");
        var (batcherStats, batcherCounters) = RunBatcher(loaded.Backbone, sequences, taps, new BatchingOptions());
        progress?.Report(Describe("dynamic batcher", batcherStats, batcherCounters.ExecutedRuns, raw));
        return new Result(raw, raws, runnerStats, batcherStats, batcherCounters.MeanBatchSize, ceiling, int8)
        {
            BatcherRuns = batcherCounters.ExecutedRuns,
            RawPaddingRatio = SortedPaddingRatio(sequences, ceiling.BatchSize),
            Int8Ceiling = int8Ceiling,
            MeanTokensPerText = sequences.Length == 0 ? 0 : sequences.Average(s => s.Length),
            TruncatedTexts = truncated,
        };
    }

    /// <summary>Logged at once, like int8_vs_fp32: the figures must survive a later part of the run failing.</summary>
    private static string Describe(string name, LatencyStats stats, RunStatistics runs, LatencyStats raw) => FormattableString.Invariant(
        $"{name}: {stats.SequencesPerSecond:F1} seq/s ({stats.SequencesPerSecond / raw.SequencesPerSecond:F2}x raw), CPU ms/seq {stats.CpuMsPerSequence:F1} (raw {raw.CpuMsPerSequence:F1}); {runs}");

    /// <summary>What the raw loop pads: its batches are chunks of the globally length-sorted sequences.</summary>
    private static double SortedPaddingRatio(IReadOnlyList<int[]> sequences, int batchSize)
    {
        var sorted = sequences.Select(s => s.Length).Order().ToArray();
        var real = sorted.Sum(l => (long)l);
        var padded = sorted.Chunk(batchSize).Sum(c => (long)c.Length * c[^1]);
        return real == 0 ? 0 : (double)padded / real;
    }

    private (PrecisionComparison? Comparison, RawCeiling? Ceiling) CompareInt8(BackboneManifest manifest, ModelFiles files, IReadOnlyList<int[]> sequences, int batchSize,
        IProgress<string>? progress)
    {
        if (Int8Rounds <= 0 || manifest.Precision != BackbonePrecision.Fp32) return (null, null);
        if (!loader.Catalog.TryGet(manifest.Id + "-int8", out var int8) || int8 is null) return (null, null);
        var int8Files = new ModelStore(LLMEmbedPaths.Default()).Ensure(int8, progress);
        var comparison = PrecisionComparison.Run(manifest, files, int8, int8Files, options, sequences, batchSize, Int8Rounds, progress);
        // Logged at once: the figure must survive a later part of the run failing.
        progress?.Report(FormattableString.Invariant(
            $"int8_vs_fp32 {comparison.Speedup:F2}x ({comparison.Int8.SequencesPerSecond:F1} vs {comparison.Fp32.SequencesPerSecond:F1} seq/s), CPU ms/seq {comparison.Int8.CpuMsPerSequence:F1} vs {comparison.Fp32.CpuMsPerSequence:F1} ({comparison.CpuSpeedup:F2}x); {comparison.Cpu}"));
        return (comparison, new RawCeiling(int8, int8Files, options, sequences, batchSize));
    }

    private (LatencyStats Stats, BatcherStatistics Counters) RunBatcher(IBackbone backbone, IReadOnlyList<int[]> sequences, int[] taps, BatchingOptions batching)
    {
        batching.QueueCapacity = Math.Max(1024, Concurrency * 2);
        // Throughput under closed-loop load, not admission (the overload part measures that): a slow, shared machine must not refuse.
        batching.MaxQueueWait = TimeSpan.Zero;
        // The batcher must not dispose the shared backbone: wrap it.
        using var batcher = new BackboneBatcher(new NonOwningBackbone(backbone), batching);
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var cpu = LatencyStats.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sequences.Count)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                await batcher.EnqueueAsync(sequences[i], taps, PoolingKind.Mean).ConfigureAwait(false);
                latencies.Add(clock.Elapsed.TotalMilliseconds - start);
            }
        })).ToArray();
        Task.WaitAll(workers);
        var stats = LatencyStats.From($"batcher, {Concurrency} callers", sequences.Count, clock.Elapsed.TotalSeconds, latencies.ToArray())
            with { CpuSeconds = LatencyStats.ProcessCpuSeconds() - cpu };
        return (stats, batcher.Statistics);
    }

    private sealed class SyncProgress(Action<(int Done, int Total)> handler) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => handler(value);
    }

    private sealed class NonOwningBackbone(IBackbone inner) : IBackbone
    {
        public BackboneManifest Manifest => inner.Manifest;
        public string ExecutionProvider => inner.ExecutionProvider;
        public PooledLayers Run(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling) => inner.Run(batch, taps, pooling);
        public void Dispose() { }
    }
}
