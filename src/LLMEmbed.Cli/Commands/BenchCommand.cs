using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>
/// `llmembed bench`: figures measured side by side in one run, on the same model, threads and
/// real Reuters texts: raw ONNX Runtime vs the Core runner vs the dynamic batcher; head training
/// cost; embedding-cache speed-up. Ratios are computed from numbers taken in this same process.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Reduced sizes (smoke run, under 2 minutes)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var provider = new Option<string>("--provider") { DefaultValueFactory = _ => BackboneOptions.Cpu };
        var backbone = new Option<string>("--backbone") { DefaultValueFactory = _ => RecipeCatalog.DefaultBackbones[0] };
        var texts = new Option<int?>("--texts") { Description = "Texts for the embedding part (default 1024, quick 192)" };
        var command = new Command("bench", "Measure embedding throughput vs raw ONNX Runtime, training cost and cache speed-up") { quick, json, threads, provider, backbone, texts };
        command.SetAction(p =>
        {
            var isQuick = p.GetValue(quick);
            var options = new BackboneOptions { ExecutionProvider = p.GetValue(provider)!, IntraOpThreads = p.GetValue(threads) };
            var log = new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]"));
            var dataset = DatasetCatalog.Load("r8", new DatasetLoadOptions { Seed = 7 });
            var count = p.GetValue(texts) ?? (isQuick ? 192 : 1024);
            var sample = dataset.Train.Concat(dataset.Test).Select(r => r.Text).Take(count).ToArray();

            using var loader = BackboneLoader.CreateDefault(options);
            var embedding = new EmbeddingBenchmark(loader, options) { RawBatchSizes = isQuick ? [32] : [8, 32, 64] }
                .Run(p.GetValue(backbone)!, sample, 256, log);

            // Training on real fused vectors (R8, recipe llmembed), cached from earlier runs where possible.
            using var extractor = new FeatureExtractor(loader, LLMEmbedPaths.Default().Embeddings, new EmbeddingRunnerOptions { MaxTokens = 256 });
            var recipe = RecipeCatalog.Create(RecipeCatalog.LLMEmbed);
            var trainRows = isQuick ? dataset.Train.Take(600).ToArray() : dataset.Train.ToArray();
            ((IProgress<string>)log).Report($"features for {trainRows.Length} training texts ({recipe.Name})");
            var features = extractor.Extract(trainRows.Select(r => r.Text).ToArray(), recipe);
            var labels = trainRows.Select(r => r.Label).ToArray();
            var sizes = isQuick ? new[] { 2_000, 5_000 } : [10_000, 50_000];
            var training = new List<TrainingBenchmark.Result>();
            Head? small = null;
            TrainingSet? smallSet = null;
            foreach (var size in sizes)
            {
                var set = TrainingBenchmark.Resample(features, labels, size, 11);
                ((IProgress<string>)log).Report($"train logreg on {size} vectors");
                var (logreg, head) = TrainingBenchmark.Full($"logreg {size}", set, new HeadOptions(HeadKind.LogReg));
                training.Add(logreg);
                if (small is null) { small = head; smallSet = set; }
                ((IProgress<string>)log).Report($"train mlp on {size} vectors");
                training.Add(TrainingBenchmark.Full($"mlp {size}", set, new HeadOptions(HeadKind.Mlp)).Result);
            }
            ((IProgress<string>)log).Report("incremental update, 100 new examples");
            var incremental = TrainingBenchmark.Incremental(small!, smallSet!, 100, new HeadOptions(HeadKind.LogReg));

            // Cache: the same texts embedded cold (fresh cache folder) and then again warm.
            var cacheDir = Directory.CreateTempSubdirectory("llmembed-bench-cache").FullName;
            double cold, warm;
            var cacheTexts = sample.Take(isQuick ? 64 : 256).Select(t => "bench " + t).ToArray();
            using (var cached = new FeatureExtractor(loader, cacheDir, new EmbeddingRunnerOptions { MaxTokens = 256 }))
            {
                var last = RecipeCatalog.Create(RecipeCatalog.Last);
                var clock = Stopwatch.StartNew();
                cached.Extract(cacheTexts, last);
                cold = clock.Elapsed.TotalSeconds;
                clock.Restart();
                cached.Extract(cacheTexts, last);
                warm = clock.Elapsed.TotalSeconds;
            }
            Directory.Delete(cacheDir, recursive: true);

            var summary = new Dictionary<string, object?>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {options.ExecutionProvider}, {options.IntraOpThreads} intra-op threads",
                ["backbone"] = p.GetValue(backbone),
                ["texts"] = sample.Length,
                ["raw_seq_per_s"] = embedding.Raw.SequencesPerSecond,
                ["raw_best"] = embedding.Raw.Name,
                ["runner_seq_per_s"] = embedding.Runner.SequencesPerSecond,
                ["batcher_seq_per_s"] = embedding.Batcher.SequencesPerSecond,
                ["runner_vs_raw"] = embedding.Runner.SequencesPerSecond / embedding.Raw.SequencesPerSecond,
                ["batcher_vs_raw"] = embedding.Batcher.SequencesPerSecond / embedding.Raw.SequencesPerSecond,
                ["batcher_p50_ms"] = embedding.Batcher.P50Ms,
                ["batcher_p99_ms"] = embedding.Batcher.P99Ms,
                ["cluster_vs_raw"] = null,
                ["tenants_1000_vs_1"] = null,
                ["head_bytes_per_tenant"] = HeadSerializer.ToBytes(small!).Length,
                ["incremental_100_ms"] = incremental.Seconds * 1000,
                [$"full_retrain_{sizes[0] / 1000}k_s"] = training[0].Seconds,
                [$"full_retrain_{sizes[0] / 1000}k_s_mlp"] = training[1].Seconds,
                [$"full_retrain_{sizes[1] / 1000}k_s"] = training[2].Seconds,
                [$"full_retrain_{sizes[1] / 1000}k_s_mlp"] = training[3].Seconds,
                ["feature_dim"] = features[0].Length,
                ["cache_cold_s"] = cold,
                ["cache_warm_s"] = warm,
                ["cache_speedup"] = cold / Math.Max(warm, 1e-9),
            };
            if (p.GetValue(json)) { JsonReport.Write(summary); return 0; }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("measure", "seq/s or s", "p50 ms", "p99 ms", "ratio");
            foreach (var r in embedding.RawAll)
                table.AddRow(r.Name, F(r.SequencesPerSecond), F(r.P50Ms), F(r.P99Ms), F(r.SequencesPerSecond / embedding.Raw.SequencesPerSecond));
            table.AddRow(embedding.Runner.Name, F(embedding.Runner.SequencesPerSecond), F(embedding.Runner.P50Ms), F(embedding.Runner.P99Ms), F(embedding.Runner.SequencesPerSecond / embedding.Raw.SequencesPerSecond));
            table.AddRow(embedding.Batcher.Name, F(embedding.Batcher.SequencesPerSecond), F(embedding.Batcher.P50Ms), F(embedding.Batcher.P99Ms), F(embedding.Batcher.SequencesPerSecond / embedding.Raw.SequencesPerSecond));
            foreach (var t in training)
                table.AddRow($"train {t.Name} x {t.Dim}-d ({t.Epochs} epochs)", F(t.Seconds) + " s", "", "", "");
            table.AddRow($"incremental +100 (median of 5)", F(incremental.Seconds * 1000) + " ms", "", "", "");
            table.AddRow($"cache: {cacheTexts.Length} texts cold / warm", $"{F(cold)} s / {F(warm)} s", "", "", F(cold / Math.Max(warm, 1e-9)) + "x");
            Consoles.Out.Write(table);
            Consoles.Out.MarkupLine($"[grey]{Markup.Escape((string)summary["machine"]!)}; ratios are to the best raw ORT batch size ({embedding.Raw.Name}).[/]");
            return 0;
        });
        return command;
    }

    private static string F(double v) => v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
