using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// `--only tenants-zipf`: a SaaS-sized population on one in-process host (embedded default storage, or Redis): N tenants
/// with trained heads (<see cref="ZipfPopulation"/>), every one idle-collected, then Zipf(s) traffic over cached texts for
/// a bounded time (<see cref="ZipfTraffic"/>): warm and cold latency, activations, and what a tenant costs in memory
/// (every tenant activated at once, RSS and managed heap against all idle) and in storage.
/// </summary>
internal static class ZipfTenantsRun
{
    public const string Name = "tenants-zipf";
    private const double ZipfS = 1.1;

    public sealed record Settings(int Tenants, TimeSpan Duration, TimeSpan IdleAge, string Storage, string Redis, int Clients, int Threads);

    public static async Task<int> RunAsync(Settings settings, bool json, IProgress<string> progress)
    {
        var machine = Consoles.Machine();
        progress.Report(machine);
        var scan = settings.IdleAge / 2 < TimeSpan.FromMinutes(1) ? settings.IdleAge / 2 : TimeSpan.FromMinutes(1);
        var extra = new Dictionary<string, string?>
        {
            ["Tenants:IdleCollectionAge"] = settings.IdleAge.ToString("c", CultureInfo.InvariantCulture),
            ["Storage:Provider"] = settings.Storage,
        };
        if (settings.Storage == "redis") extra["Redis:ConnectionString"] = settings.Redis;
        await using var run = await PopulationHost.StartAsync(settings.Threads, extra, settings.Tenants, progress);
        var (host, population, texts) = (run.Host, run.Population, run.Texts);
        progress.Report($"tenants-zipf: {settings.Tenants} tenants restored in {population.ImportSeconds:0.0} s");
        var clients = Enumerable.Range(0, settings.Clients).Select(_ => host.NewChannel()).ToArray();
        await run.WarmCacheAsync(clients[0]);

        var storageKb = settings.Storage == "file" ? DirectoryBytes(host.DataDirectory) / 1024.0 / (settings.Tenants + ZipfPopulation.MaxLabels - ZipfPopulation.MinLabels + 1) : double.NaN;
        var collectClock = Stopwatch.StartNew();
        progress.Report($"tenants-zipf: waiting for idle collection (age {settings.IdleAge.TotalSeconds:0} s, scan {scan.TotalSeconds:0} s)");
        await AllCollectedAsync(host, settings.IdleAge);
        var collectSeconds = collectClock.Elapsed.TotalSeconds;

        progress.Report($"tenants-zipf: Zipf(s = {ZipfS}) traffic over {settings.Tenants} tenants for {settings.Duration.TotalSeconds:0} s, {settings.Clients} clients in closed loop");
        var cpu = LatencyStats.ProcessCpuSeconds();
        var traffic = await ZipfTraffic.RunAsync(clients, population.Tenants, texts, new ZipfSampler(settings.Tenants, ZipfS), settings.Duration, settings.IdleAge, scan, 26);
        var trafficCpu = LatencyStats.ProcessCpuSeconds() - cpu;

        // The idle baseline after the traffic, all collected again: pools, caches and JIT the traffic warmed are in both
        // snapshots, so the difference is what active tenants hold.
        progress.Report("tenants-zipf: waiting for idle collection again (the memory baseline)");
        await AllCollectedAsync(host, settings.IdleAge);
        var idle = MemoryNow();
        progress.Report($"tenants-zipf: activating all {settings.Tenants} tenants at once");
        var sweep = Stopwatch.StartNew();
        await ZipfSweep.ClassifyEachAsync(clients, population.Tenants, texts[0]);
        var sweepSeconds = sweep.Elapsed.TotalSeconds;
        var active = await TenantActivations.CountAsync(host);
        var all = MemoryNow();
        foreach (var c in clients) c.Dispose();

        var warm = LatencyStats.From("warm", traffic.WarmMs.Length, traffic.Seconds, traffic.WarmMs);
        var cold = LatencyStats.From("cold", traffic.ColdMs.Length, traffic.Seconds, traffic.ColdMs);
        var rssKbPerActive = (all.RssBytes - idle.RssBytes) / 1024.0 / Math.Max(1, active);
        var managedKbPerActive = (all.ManagedBytes - idle.ManagedBytes) / 1024.0 / Math.Max(1, active);
        var report = new Dictionary<string, object?>
        {
            ["machine"] = machine,
            ["zipf_tenants"] = settings.Tenants,
            ["zipf_s"] = ZipfS,
            ["zipf_storage"] = settings.Storage,
            ["zipf_idle_collection_s"] = settings.IdleAge.TotalSeconds,
            ["zipf_seconds"] = traffic.Seconds,
            ["zipf_clients"] = settings.Clients,
            ["zipf_calls"] = traffic.Calls,
            ["zipf_calls_per_s"] = traffic.Calls / traffic.Seconds,
            ["zipf_cpu_ms_per_call"] = trafficCpu * 1000 / Math.Max(1, traffic.Calls),
            ["zipf_tenants_called"] = traffic.TenantsCalled,
            ["zipf_warm_calls"] = traffic.WarmMs.Length,
            ["zipf_warm_p50_ms"] = warm.P50Ms,
            ["zipf_warm_p99_ms"] = warm.P99Ms,
            ["zipf_cold_p50_ms"] = cold.P50Ms,
            ["zipf_cold_p99_ms"] = cold.P99Ms,
            ["zipf_activations"] = traffic.ColdMs.Length,
            ["zipf_uncertain_calls"] = traffic.Uncertain,
            ["zipf_rss_idle_mb"] = idle.RssBytes / 1048576.0,
            ["zipf_rss_mb"] = all.RssBytes / 1048576.0,
            ["zipf_active_at_rss"] = active,
            ["zipf_sweep_s"] = sweepSeconds,
            ["zipf_collect_wait_s"] = collectSeconds,
            ["rss_kb_per_active_tenant"] = rssKbPerActive,
            ["managed_kb_per_active_tenant"] = managedKbPerActive,
            ["storage_kb_per_tenant"] = double.IsNaN(storageKb) ? null : storageKb,
            ["archive_kb_per_tenant"] = population.ArchiveBytes / 1024.0,
            ["zipf_setup_seed_s"] = population.SeedSeconds,
            ["zipf_setup_import_s"] = population.ImportSeconds,
            // Not run: 100,000 registered tenants, from the per-tenant costs measured here (see docs/bench.md).
            // RSS keeps heap the runtime freed, so its delta understates a tenant: the larger of the two deltas extrapolates.
            ["zipf_100k_rss_mb_all_active_extrapolated"] = (idle.RssBytes + 100_000 * Math.Max(rssKbPerActive, managedKbPerActive) * 1024) / 1048576.0,
            ["zipf_100k_storage_mb_extrapolated"] = double.IsNaN(storageKb) ? null : 100_000 * storageKb / 1024,
        };
        Consoles.WriteFigures(report, json);
        return 0;
    }

    private static async Task AllCollectedAsync(BenchHost host, TimeSpan idleAge)
    {
        var clock = Stopwatch.StartNew();
        var left = await TenantActivations.WaitUntilAsync(host, n => n == 0, idleAge * 3 + TimeSpan.FromMinutes(1));
        if (left > 0) throw new InvalidOperationException($"{left} tenant activations still in memory {clock.Elapsed.TotalSeconds:0} s after the last call.");
    }

    private static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static (long RssBytes, long ManagedBytes) MemoryNow()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, managed);
    }
}
