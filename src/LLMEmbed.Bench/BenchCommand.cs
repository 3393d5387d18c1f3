using System.CommandLine;
using System.Diagnostics;
using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Models;
using LLMEmbed.Grains.Tenants;
using Spectre.Console;

namespace LLMEmbed.Bench;

/// <summary>
/// The bench (`dotnet run -c Release --project src/LLMEmbed.Bench`): figures measured side by side
/// in one run, on the same model, threads and real Reuters texts: raw ONNX Runtime vs the Core
/// runner vs the dynamic batcher vs the full cluster path (in-process host, real gRPC); tenant
/// fan-out; head training cost; cache speed-ups. Ratios are computed from numbers taken in this same process.
/// </summary>
internal static class BenchCommand
{
    private const int MaxTokens = 256;

    /// <summary>`--only serving`: the embedding and cluster paths alone (a few minutes), for A/B probes of batching settings.</summary>
    private const string Serving = "serving";

    public static RootCommand Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Reduced sizes (smoke run, under 2 minutes)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var provider = new Option<string>("--provider") { DefaultValueFactory = _ => BackboneOptions.Cpu };
        var texts = new Option<int?>("--texts") { Description = "Texts for the embedding parts (default 1024, quick 128)" };
        var tenants = new Option<int[]?>("--tenants") { Description = "Tenant counts of the fan-out (default 1 100 1000, quick 1 10 100)", AllowMultipleArgumentsPerToken = true };
        var only = new Option<string?>("--only") { Description = $"Run one scenario alone: {TenantImdbRun.Name} (a default tenant through the gateway on IMDB; see --train, --test), {Serving} (the embedding and cluster paths: parts 1 and 5, no training, replicas or overload) {AppendCostRun.Name} (append_bytes_per_row alone, seconds) , {FairnessRun.Name} (one tenant's burst and a training storm against 100 steady tenants: fairness_*) or {ZipfTenantsRun.Name} (a long-tail tenant population: cold and warm latency, memory and storage per tenant; see --zipf-*)" };
        var trainRows = new Option<int>("--train") { Description = $"With --only {TenantImdbRun.Name}: IMDB training rows imported", DefaultValueFactory = _ => 4000 };
        var testRows = new Option<int>("--test") { Description = $"With --only {TenantImdbRun.Name}: IMDB test rows classified", DefaultValueFactory = _ => 2000 };
        var zipfTenants = new Option<int>("--zipf-tenants") { Description = $"With --only {ZipfTenantsRun.Name}: tenants in the population", DefaultValueFactory = _ => 10_000 };
        var zipfSeconds = new Option<int>("--zipf-seconds") { Description = $"With --only {ZipfTenantsRun.Name}: seconds of Zipf traffic", DefaultValueFactory = _ => 60 };
        var zipfIdle = new Option<int>("--zipf-idle-seconds") { Description = $"With --only {ZipfTenantsRun.Name}: Tenants:IdleCollectionAge in seconds", DefaultValueFactory = _ => 20 };
        var zipfClients = new Option<int>("--zipf-clients") { Description = $"With --only {ZipfTenantsRun.Name}: concurrent clients in closed loop", DefaultValueFactory = _ => 4 };
        var storage = new Option<string>("--storage") { Description = $"With --only {ZipfTenantsRun.Name}: file (the embedded default) or redis", DefaultValueFactory = _ => "file" };
        var redis = new Option<string>("--redis") { Description = "With --storage redis: the Redis connection string", DefaultValueFactory = _ => "127.0.0.1:6379" };
        var command = new RootCommand("Measure the serving path vs raw ONNX Runtime, tenant fan-out, training cost and cache speed-ups")
            { quick, json, threads, provider, texts, tenants, only, trainRows, testRows, zipfTenants, zipfSeconds, zipfIdle, zipfClients, storage, redis };
        command.SetAction(async (p, ct) =>
        {
            var scenario = p.GetValue(only);
            if (scenario == AppendCostRun.Name)
                return await AppendCostRun.RunAsync(p.GetValue(json), new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]")));
            if (scenario == ZipfTenantsRun.Name)
            {
                var store = p.GetValue(storage)!;
                if (store is not ("file" or "redis")) throw new ArgumentException("--storage must be file or redis.");
                return await ZipfTenantsRun.RunAsync(new ZipfTenantsRun.Settings(p.GetValue(zipfTenants), TimeSpan.FromSeconds(p.GetValue(zipfSeconds)),
                        TimeSpan.FromSeconds(p.GetValue(zipfIdle)), store, p.GetValue(redis)!, p.GetValue(zipfClients), p.GetValue(threads)), p.GetValue(json),
                    new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]")));
            }
            if (scenario == FairnessRun.Name)
                return await FairnessRun.RunAsync(p.GetValue(threads), p.GetValue(json),
                    new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]")));
            if (scenario is not null && scenario != Serving)
                return await TenantImdbRun.RunAsync(scenario, p.GetValue(trainRows), p.GetValue(testRows), p.GetValue(provider)!, p.GetValue(json),
                    new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]")));
            var isQuick = p.GetValue(quick);
            var servingOnly = scenario == Serving;
            // The in-process parts run back to back with nothing else on the cores: spinning threads win there (the host keeps its default, off).
            var options = new BackboneOptions { ExecutionProvider = p.GetValue(provider)!, IntraOpThreads = p.GetValue(threads), AllowSpinning = true };
            OptionsCheck.ThrowIfInvalid(new BackboneOptionsValidator(), options, BackboneOptions.SectionName);
            var tenantCounts = p.GetValue(tenants) is { Length: > 0 } given ? given : isQuick ? [1, 10, 100] : [1, 100, 1000];
            if (tenantCounts.Any(n => n < 1) || tenantCounts[0] != 1)
                throw new ArgumentException("--tenants must start with 1 and hold positive counts, e.g. --tenants 1 100 1000.");
            // The cluster serves recipe "last": the primary backbone's last block, mean-pooled — the raw loop's work.
            var recipe = RecipeCatalog.Create(RecipeCatalog.Last);
            var backbone = recipe.Components[0].Backbone;
            var log = new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss} {m}[/]"));
            IProgress<string> report = log;
            var total = Stopwatch.StartNew();
            if (BenchReport.Build == "Debug")
                Consoles.Err.MarkupLine("[yellow]This is a Debug build: its own code runs unoptimised. Measure with `dotnet run -c Release --project src/LLMEmbed.Bench` (see docs/bench.md).[/]");

            var dataset = DatasetCatalog.Load("r8", new DatasetLoadOptions { Seed = 7 });
            var all = dataset.Train.Concat(dataset.Test).ToArray();
            var count = p.GetValue(texts) ?? (isQuick ? 128 : 1024);
            // Distinct texts, so every cluster call in the cold pass is really new to the fusion cache.
            var sample = all.Select(r => r.Text).Distinct().Take(count).ToArray();
            var sampleSet = sample.ToHashSet();
            var labelled = all.Where(r => !sampleSet.Contains(r.Text)).ToArray();

            EmbeddingBenchmark.Result embedding;
            OfflineParts? offline;
            IReadOnlyList<BackboneManifest> shapes;
            using (var loader = BackboneLoader.CreateDefault(options))
            {
                // The default backbones' shapes (the primary among them), for their FLOPs per token (issue #26).
                shapes = RecipeCatalog.DefaultBackbones.Append(backbone).Distinct(StringComparer.Ordinal).Select(loader.Catalog.Get).ToArray();
                embedding = new EmbeddingBenchmark(loader, options) { RawBatchSizes = isQuick ? [32] : [8, 32, 64] }
                    .Run(backbone, sample, MaxTokens, log);
                offline = servingOnly ? null : OfflineParts.Run(loader, dataset, sample, isQuick, report);
            }

            // The in-process sessions are gone before the host starts: the cluster gets the same cores alone.
            report.Report("starting the host in-process (silo + gateway, loopback, temp data folder)");
            ClusterBenchmark.Result cluster;
            // The int8 variant (when part 1 measured it) is served too: a second cold pass through a tenant whose recipe uses it.
            var int8Backbone = embedding.Int8Ceiling?.Manifest.Id;
            await using (var host = await BenchHost.StartAsync(options.ExecutionProvider, options.IntraOpThreads, MaxTokens, backbone,
                int8Backbone is null ? null : [int8Backbone], admitAll: true))
            {
                cluster = await new ClusterBenchmark(host, recipe.Name, backbone)
                {
                    Int8Backbone = int8Backbone,
                    RawInt8Ceiling = embedding.Int8Ceiling is { } int8Ceiling ? int8Ceiling.Measure : null,
                    TenantCounts = servingOnly ? [1] : tenantCounts,
                    MainExamplesPerLabel = isQuick ? 8 : 20,
                    WarmCalls = isQuick ? 2048 : 8192,
                    RawCeiling = embedding.Ceiling.Measure,
                    ColdRounds = isQuick ? 1 : 6,
                    TaskTexts = servingOnly ? 0 : isQuick ? 64 : 256,
                }.RunAsync(sample, labelled, report);
            }

            ReplicaBenchmark.Result? replicas = null;
            OverloadBenchmark.Result? overload = null;
            AppendCost.Result? append = null;
            if (!servingOnly)
            {
                // Replicas on this machine's cores: one replica with every thread vs two with half each, same texts.
                var replicaTexts = sample.Take(isQuick ? 64 : 256).Select(t => "replicas " + t).ToArray();
                replicas = await new ReplicaBenchmark(options.ExecutionProvider, options.IntraOpThreads, MaxTokens, recipe.Name, backbone)
                    .RunAsync(replicaTexts, labelled.GroupBy(r => r.Label).OrderByDescending(g => g.Count()).Take(3).SelectMany(g => g.Take(8)).ToArray(), report);

                // Overload: a fresh host offered 4x what it can embed (bounded in calls and time, loopback only).
                await using (var host = await BenchHost.StartAsync(options.ExecutionProvider, options.IntraOpThreads, MaxTokens, backbone))
                    overload = await new OverloadBenchmark(host.Address, host.AdminKey) { LoadFor = TimeSpan.FromSeconds(isQuick ? 8 : 12) }.RunAsync("overload", report);
                append = await AppendCostRun.MeasureAsync(report);
            }

            var flops = new FlopsFigures(backbone, shapes, CpuPeak.Read(), embedding, cluster);
            var bench = new BenchReport(options, backbone, sample.Length, embedding, cluster, offline, replicas, overload, append, total.Elapsed.TotalSeconds, flops);
            if (p.GetValue(json)) Consoles.WriteJson(bench.ToJson());
            else bench.WriteTable();
            return 0;
        });
        return command;
    }

    /// <summary>Training cost on real fused vectors and the on-disk embedding cache, both without the cluster.</summary>
    internal sealed record OfflineParts(IReadOnlyList<TrainingBenchmark.Result> Training, int[] Sizes, TrainingBenchmark.Result Incremental,
        int FeatureDim, int HeadBytes, int CacheTexts, double CacheColdSeconds, double CacheWarmSeconds, MultiLabelTraining MultiLabel)
    {
        public static OfflineParts Run(BackboneLoader loader, Dataset dataset, IReadOnlyList<string> sample, bool quick, IProgress<string> report)
        {
            var recipe = RecipeCatalog.Create(RecipeCatalog.LLMEmbed);
            var trainRows = quick ? dataset.Train.Take(200).ToArray() : dataset.Train.ToArray();
            report.Report($"features for {trainRows.Length} training texts ({recipe.Name})");
            var features = ExtractCached(loader, trainRows.Select(r => r.Text).ToArray(), recipe, report);
            var labels = trainRows.Take(features.Length).Select(r => r.Label).ToArray();
            int[] sizes = quick ? [1_000, 2_000] : [10_000, 50_000];
            var training = new List<TrainingBenchmark.Result>();
            Head? small = null;
            TrainingSet? smallSet = null;
            foreach (var size in sizes)
            {
                var set = TrainingBenchmark.Resample(features, labels, size, 11);
                report.Report($"train logreg on {size} vectors");
                var (logreg, head) = TrainingBenchmark.Full($"logreg {size}", set, new HeadOptions(HeadKind.LogReg));
                training.Add(logreg);
                if (small is null) { small = head; smallSet = set; }
                report.Report($"train mlp on {size} vectors");
                // --quick caps the MLP's epochs: it is a smoke run, and the MLP dominates its time otherwise.
                var mlp = quick ? new HeadOptions(HeadKind.Mlp) { MaxEpochs = 5 } : new HeadOptions(HeadKind.Mlp);
                training.Add(TrainingBenchmark.Full($"mlp {size}", set, mlp).Result);
            }
            report.Report("incremental update, 100 new examples");
            var incremental = TrainingBenchmark.Incremental(small!, smallSet!, 100, new HeadOptions(HeadKind.LogReg));
            var multiLabel = MultiLabelTraining.Run(loader, quick, report);

            // The on-disk embedding cache: the same texts embedded cold (fresh cache folder) and then again warm.
            var cacheDir = Directory.CreateTempSubdirectory("llmembed-bench-cache").FullName;
            var cacheTexts = sample.Take(quick ? 64 : 256).Select(t => "bench " + t).ToArray();
            double cold, warm;
            using (var cached = new FeatureExtractor(loader, cacheDir, new EmbeddingRunnerOptions { MaxTokens = MaxTokens }))
            {
                var last = RecipeCatalog.Create(RecipeCatalog.Last);
                report.Report($"embedding cache: {cacheTexts.Length} texts cold, then warm");
                var clock = Stopwatch.StartNew();
                cached.Extract(cacheTexts, last);
                cold = clock.Elapsed.TotalSeconds;
                clock.Restart();
                cached.Extract(cacheTexts, last);
                warm = clock.Elapsed.TotalSeconds;
            }
            Directory.Delete(cacheDir, recursive: true);
            return new OfflineParts(training, sizes, incremental, features[0].Length, HeadSerializer.ToBytes(small!).Length,
                cacheTexts.Length, cold, warm, multiLabel);
        }

        /// <summary>Features from the shared embedding cache; when another process holds it open, from a private temporary one.</summary>
        internal static float[][] ExtractCached(BackboneLoader loader, string[] texts, FeatureRecipe recipe, IProgress<string> report)
        {
            try
            {
                using var shared = new FeatureExtractor(loader, LLMEmbedPaths.Default().Embeddings, new EmbeddingRunnerOptions { MaxTokens = MaxTokens });
                return shared.Extract(texts, recipe);
            }
            catch (IOException e) when (e.Message.Contains("already open", StringComparison.Ordinal))
            {
                // Embedding thousands of texts uncached would dominate the run; a few hundred real vectors suffice for resampling.
                texts = texts.Take(600).ToArray();
                report.Report($"the shared embedding cache is in use by another process; embedding {texts.Length} texts into a temporary cache");
                var dir = Directory.CreateTempSubdirectory("llmembed-bench-features").FullName;
                try
                {
                    using var own = new FeatureExtractor(loader, dir, new EmbeddingRunnerOptions { MaxTokens = MaxTokens });
                    return own.Extract(texts, recipe);
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }
}
