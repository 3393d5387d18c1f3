using Grpc.Net.Client;
using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Fusion;

namespace LLMEmbed.Bench;

/// <summary>
/// The cluster half of the bench, all through real gRPC against a <see cref="BenchHost"/>:
/// (1) the serving path with the fusion cache defeated (every text new to the cluster, used once);
/// (4) the same texts again, now cached; (2) the same texts for 1..N tenants, each with its own
/// trained head over the same recipe, with the cache warm (shared across tenants: BenchHost) — the backbone counters show whether one
/// backbone pass served them all; (5) the fusion grain hop on cached texts next to the same code called directly.
/// </summary>
internal sealed class ClusterBenchmark(BenchHost host, string recipe, string backbone)
{
    public int Concurrency { get; init; } = 64;
    public IReadOnlyList<int> TenantCounts { get; init; } = [1, 100, 1000];
    /// <summary>Tenants trained at once while setting up the fan-out (set-up time is not measured).</summary>
    public int SetupConcurrency { get; init; } = 16;
    public int ExamplesPerLabel { get; init; } = 3;
    /// <summary>
    /// Calls of each cached measurement (warm pass, each fan-out count): the sample texts cycled, so a
    /// cheap cached call still gives a run long enough to time, and every tenant gets several calls.
    /// </summary>
    public int WarmCalls { get; init; } = 8192;

    /// <summary>The raw ONNX Runtime loop over texts [start, start + count), run before each cold round (none when null).</summary>
    public Func<int, int, LatencyStats>? RawCeiling { get; init; }

    /// <summary>The int8 variant of the backbone: a second cold pass through a tenant whose recipe uses it (none when null).</summary>
    public string? Int8Backbone { get; init; }

    /// <summary>The raw loop on the int8 graph over texts [start, start + count), run before each int8 cold round.</summary>
    public Func<int, int, LatencyStats>? RawInt8Ceiling { get; init; }

    /// <summary>Rounds of the cold pass when <see cref="RawCeiling"/> is set: raw loop, then cluster, on each share of the texts.</summary>
    public int ColdRounds { get; init; } = 6;

    /// <summary>Timed rounds per tenant count in the fan-out (interleaved; the median round is reported).</summary>
    public int FanOutRounds { get; init; } = 3;

    /// <summary>Texts of the tasks part (five tasks vs one, cache cold); 0 skips it.</summary>
    public int TaskTexts { get; init; } = 256;

    /// <summary>Examples per label of the main tenant "bench" (embedded once, before anything is measured).</summary>
    public int MainExamplesPerLabel { get; init; } = 20;

    /// <summary>One cold pass: the cluster's figures, the raw loop's rounds next to it, the backbone's counters over it.</summary>
    public sealed record ColdPass(LatencyStats Stats, IReadOnlyList<LatencyStats> RawAround, long BackboneSequences, long BackboneBatches, RunStatistics Runs);

    public sealed record FanOut(int Tenants, LatencyStats Stats, long BackboneSequences, double CacheHitRatio);

    public sealed record Result(
        LatencyStats Cold, long ColdBackboneSequences, long ColdBackboneBatches, IReadOnlyList<LatencyStats> RawAroundCold,
        LatencyStats Warm, long WarmBackboneSequences,
        IReadOnlyList<FanOut> FanOuts, double HeadBytesPerTenant, double TenantSetupSeconds)
    {
        /// <summary>The model runs of the cold pass (sizes, padding), over the backbone's replicas.</summary>
        public RunStatistics ColdRuns { get; init; } = RunStatistics.None;

        /// <summary>The cold pass of tenant "bench-int8" (the recipe over <see cref="Int8Backbone"/>); null when not run.</summary>
        public ColdPass? Int8 { get; init; }

        /// <summary>Five tasks answered per text against one, cache cold; null when not run.</summary>
        public TasksBenchmark.Result? Tasks { get; init; }

        /// <summary>Per-call time of fusing cached texts through the fusion grain and directly, by texts per call.</summary>
        public IReadOnlyList<FusionHopBenchmark.Result> FusionHops { get; init; } = [];
    }

    /// <param name="texts">Distinct texts the cluster has never seen (the same the in-process parts measured).</param>
    /// <param name="labelled">Labelled rows disjoint from <paramref name="texts"/>, for the tenants' training sets.</param>
    public async Task<Result> RunAsync(IReadOnlyList<string> texts, IReadOnlyList<LabeledText> labelled, IProgress<string> progress)
    {
        using var admin = host.NewChannel();
        var byLabel = labelled.GroupBy(r => r.Label).Where(g => g.Count() >= 4).OrderByDescending(g => g.Count()).ToArray();
        if (byLabel.Length < 2) throw new InvalidOperationException("the bench needs labelled rows of at least 2 labels with 4 examples each.");

        var mainExamples = byLabel.SelectMany(g => g.Take(MainExamplesPerLabel)).ToArray();
        progress.Report($"cluster: tenant 'bench' ({recipe}), {mainExamples.Length} examples of {byLabel.Length} labels, logreg");
        var main = await BenchTenant.CreateTrainedAsync(admin, host.Admin, "bench", recipe, mainExamples);

        var clients = Enumerable.Range(0, Concurrency).Select(_ => host.NewChannel()).ToArray();
        try
        {
            // Warm-up on already-cached training texts: connections, JIT, activations; no backbone work.
            await ClusterLoad.RunAsync("warm-up", clients, [main], mainExamples.Select(r => r.Text).ToArray());

            var coldPass = await ColdPassAsync(clients, main, backbone, RawCeiling, texts, "", progress);
            var cold = coldPass.Stats;
            var afterCold = await BackboneAsync();

            // The same cold pass for a tenant whose recipe runs the int8 backbone, next to the raw int8 loop
            // (its own backbone: the fp32 counters and the fusion cache's fp32 entries are untouched).
            ColdPass? int8 = null;
            if (Int8Backbone is not null)
            {
                var int8Recipe = $"{recipe}{RecipeCatalog.BackboneSeparator}{Int8Backbone}";
                progress.Report($"cluster: tenant 'bench-int8' ({int8Recipe}), {mainExamples.Length} examples, logreg");
                var int8Tenant = await BenchTenant.CreateTrainedAsync(admin, host.Admin, "bench-int8", int8Recipe, mainExamples);
                int8 = await ColdPassAsync(clients, int8Tenant, Int8Backbone, RawInt8Ceiling, texts, " int8", progress);
            }

            TasksBenchmark.Result? taskRun = null;
            if (TaskTexts > 0)
                taskRun = await new TasksBenchmark(host, recipe, async () => (await BackboneAsync()).Sequences)
                    .RunAsync(clients, texts.Take(TaskTexts).ToArray(), mainExamples, progress);

            progress.Report("cluster: the same texts again, cycled (fusion cache warm)");
            var repeated = Enumerable.Range(0, Math.Max(WarmCalls, 4 * TenantCounts.Max())).Select(i => texts[i % texts.Count]).ToArray();
            var warm = await ClusterLoad.RunAsync($"cluster gRPC, {Concurrency} clients (cache warm)", clients, [main], repeated);
            var afterWarm = await BackboneAsync();

            progress.Report("cluster: the fusion grain hop vs its code called directly, on the cached texts");
            var hops = await FusionHopBenchmark.RunAsync(host.Services, recipe, texts, progress);

            var largest = TenantCounts.Max();
            progress.Report($"cluster: creating and training {largest} tenants ({ExamplesPerLabel} examples per label, {SetupConcurrency} at a time)");
            var setup = System.Diagnostics.Stopwatch.StartNew();
            // The fan-out tenants draw from the main tenant's (already embedded) examples: set-up costs no backbone work.
            var labels = byLabel.Take(3).Select(g => g.Take(MainExamplesPerLabel).ToArray()).ToArray();
            var tenants = new BenchTenant[largest];
            var timings = new SetupTimings();
            await Parallel.ForEachAsync(Enumerable.Range(0, largest), new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency }, async (t, ct) =>
            {
                // Each tenant its own seeded choice of examples per label, so its own head.
                var random = new SeededRandom((ulong)t);
                var examples = labels.SelectMany(g =>
                {
                    var order = Enumerable.Range(0, g.Length).ToArray();
                    random.Shuffle(order);
                    return order.Take(ExamplesPerLabel).Select(i => g[i]);
                }).ToArray();
                tenants[t] = await BenchTenant.CreateTrainedAsync(clients[t % clients.Length], host.Admin, $"fan-{t:D5}", recipe, examples, timings, ct);
            });
            var setupSeconds = setup.Elapsed.TotalSeconds;
            progress.Report($"cluster: {largest} tenants ready in {setupSeconds:0.0} s; per tenant (summed over concurrent calls): {timings.Describe(largest)}");

            // Rounds interleave the tenant counts (1, 100, 1000, 1, 100, ...), so a drift in the machine's load
            // hits every count alike; each count reports its median round.
            var rounds = TenantCounts.ToDictionary(c => c, _ => new List<FanOut>());
            for (var round = 1; round <= FanOutRounds; round++)
            {
                foreach (var count in TenantCounts)
                {
                    var group = tenants.Take(count).ToArray();
                    // One untimed call per tenant first, as a tenant in steady use would have made
                    // (the gateway's key check is cached for a second, and a round starts later than that).
                    await ClusterLoad.RunAsync("warm-up", clients, group, Enumerable.Repeat(texts[0], group.Length).ToArray());
                    progress.Report($"cluster: {count} tenant(s), round-robin, {repeated.Length} calls, cache warm (round {round} of {FanOutRounds})");
                    var cacheBefore = await CacheAsync();
                    var start = await BackboneAsync();
                    var stats = await ClusterLoad.RunAsync($"{count} tenant(s), cache warm", clients, group, repeated);
                    var end = await BackboneAsync();
                    var cacheAfter = await CacheAsync();
                    var hits = cacheAfter.Hits - cacheBefore.Hits;
                    var lookups = hits + cacheAfter.Misses - cacheBefore.Misses;
                    rounds[count].Add(new FanOut(count, stats, end.Sequences - start.Sequences, lookups == 0 ? 0 : (double)hits / lookups));
                }
            }
            var fanOuts = TenantCounts.Select(c =>
            {
                var runs = rounds[c];
                var median = runs.OrderBy(f => f.Stats.SequencesPerSecond).ElementAt(runs.Count / 2);
                return median with { BackboneSequences = runs.Sum(f => f.BackboneSequences), CacheHitRatio = runs.Min(f => f.CacheHitRatio) };
            }).ToList();

            return new Result(cold, coldPass.BackboneSequences, coldPass.BackboneBatches, coldPass.RawAround,
                warm, afterWarm.Sequences - afterCold.Sequences, fanOuts, HeadBytesPerTenant(), setupSeconds) { ColdRuns = coldPass.Runs, Int8 = int8, FusionHops = hops, Tasks = taskRun };
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>
    /// Every text, new to the fusion cache under the tenant's recipe, classified once in rounds: each round
    /// right after the raw loop over the same share of the texts, so raw and cluster are measured seconds apart.
    /// </summary>
    private async Task<ColdPass> ColdPassAsync(GrpcChannel[] clients, BenchTenant tenant, string backboneId, Func<int, int, LatencyStats>? raw,
        IReadOnlyList<string> texts, string label, IProgress<string> progress)
    {
        var rawAround = new List<LatencyStats>();
        var rounds = new List<(LatencyStats Stats, double[] Latencies)>();
        var before = await BackboneAsync(backboneId);
        var runsBefore = await RunsAsync(backboneId);
        var roundCount = raw is null ? 1 : ColdRounds;
        var name = $"cluster gRPC{label}, {Concurrency} clients (cache cold)";
        for (var round = 0; round < roundCount; round++)
        {
            int start = texts.Count * round / roundCount, end = texts.Count * (round + 1) / roundCount;
            if (raw is not null)
            {
                progress.Report($"raw ONNX Runtime loop{label} over texts {start}-{end - 1} (round {round + 1} of {roundCount})");
                rawAround.Add(raw(start, end - start));
            }
            progress.Report($"cluster{label}: {Concurrency} gRPC clients, single-text Classify, texts {start}-{end - 1}, new to the cache (round {round + 1} of {roundCount})");
            rounds.Add(await ClusterLoad.MeasureAsync(name, clients, [tenant], texts.Skip(start).Take(end - start).ToArray()));
        }
        var after = await BackboneAsync(backboneId);
        var runs = (await RunsAsync(backboneId)).Minus(runsBefore);
        var stats = LatencyStats.From(name, texts.Count, rounds.Sum(r => r.Stats.Seconds), rounds.SelectMany(r => r.Latencies).ToArray())
            with { CpuSeconds = rounds.Sum(r => r.Stats.CpuSeconds) };
        // Logged at once: the figures must survive a later part of the run failing.
        var rawRate = rawAround.Count == 0 ? double.NaN : rawAround.Sum(r => r.Sequences) / rawAround.Sum(r => r.Seconds);
        var rawCpu = rawAround.Count == 0 ? double.NaN : rawAround.Sum(r => r.CpuSeconds) * 1000 / rawAround.Sum(r => r.Sequences);
        progress.Report(FormattableString.Invariant(
            $"cluster{label} cold pass: {stats.SequencesPerSecond:F1} seq/s vs adjacent raw {rawRate:F1} ({stats.SequencesPerSecond / rawRate:F2}x), CPU ms/seq {stats.CpuMsPerSequence:F1} vs {rawCpu:F1} ({rawCpu / stats.CpuMsPerSequence:F2}x); {runs}"));
        return new ColdPass(stats, rawAround, after.Sequences - before.Sequences, after.Batches - before.Batches, runs);
    }

    /// <summary>The backbone's counters summed over its replicas.</summary>
    private async Task<BackboneInfo> BackboneAsync(string? backboneId = null)
    {
        backboneId ??= backbone;
        var replicas = (await host.Grains.GetGrain<IBackboneFleetGrain>(0).ListReplicas()).Where(r => r.BackboneId == backboneId).ToList();
        if (replicas.Count == 0) return new BackboneInfo(backboneId, "", "", 0, 0, 0, 0, 0, 0, 0, 0);
        return replicas[0] with
        {
            Silo = string.Join(",", replicas.Select(r => r.Silo)),
            Batches = replicas.Sum(r => r.Batches),
            Sequences = replicas.Sum(r => r.Sequences),
            LargestBatch = replicas.Max(r => r.LargestBatch),
            Rejected = replicas.Sum(r => r.Rejected),
            Dropped = replicas.Sum(r => r.Dropped),
            QueueDepth = replicas.Sum(r => r.QueueDepth),
        };
    }

    /// <summary>The backbone's executed model runs summed over its replicas.</summary>
    private async Task<RunStatistics> RunsAsync(string backboneId)
    {
        var replicas = (await host.Grains.GetGrain<IBackboneFleetGrain>(0).ListReplicas()).Where(r => r.BackboneId == backboneId);
        return RunStatistics.Sum(replicas.Select(r => new RunStatistics(r.Runs, r.RunSequences, r.RunRealTokens, r.RunPaddedTokens, r.RunSizeCounts ?? [])));
    }

    private Task<FusionCacheStats> CacheAsync() => host.Grains.GetGrain<IFusionCacheGrain>(0).Stats();

    /// <summary>Mean size of the fan-out tenants' stored head records (HeadSerializer bytes plus the storage frame).</summary>
    private double HeadBytesPerTenant()
    {
        var files = Directory.EnumerateDirectories(host.DataDirectory, "tenant-head-v*")
            .SelectMany(d => Directory.EnumerateFiles(d, "*fan-*.state"))
            .Select(f => new FileInfo(f).Length)
            .ToArray();
        return files.Length == 0 ? 0 : files.Average();
    }
}
