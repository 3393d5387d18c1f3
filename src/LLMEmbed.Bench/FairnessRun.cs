using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Training;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Bench;

/// <summary>
/// `--only fairness`: does one tenant's burst or a storm of training runs hurt everybody else? 100 tenants send
/// open-loop single-text classify calls at a steady rate over cached texts (quiet); then (burst) one more tenant
/// offers ten times its admitted rate (Gateway:DefaultLimits:RequestsPerSecond) on top; then (storm) StormTenants
/// other tenants press train at once. The others' p99 in each phase is compared with the quiet phase's.
/// </summary>
internal static class FairnessRun
{
    public const string Name = "fairness";
    private const int Others = 100;
    private const double OtherRate = 4; // calls/s per tenant: 400/s together, a steady share of the machine
    private const int AdmittedRate = 50; // requests/s each tenant is admitted (the default is 200; lower keeps the burst's 10x on two cores)
    private const int StormTenants = 24;
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(20);

    public static async Task<Dictionary<string, object?>> MeasureAsync(int threads, IProgress<string> progress)
    {
        var extra = new Dictionary<string, string?> { ["Gateway:DefaultLimits:RequestsPerSecond"] = AdmittedRate.ToString(CultureInfo.InvariantCulture) };
        await using var run = await PopulationHost.StartAsync(threads, extra, Others + 1 + StormTenants, progress);
        var (host, texts) = (run.Host, run.Texts);
        var others = run.Population.Tenants.Take(Others).ToArray();
        var burster = run.Population.Tenants[Others];
        var trainers = run.Population.Tenants.Skip(Others + 1).ToArray();
        var clients = Enumerable.Range(0, 8).Select(_ => host.NewChannel()).ToArray();
        await run.WarmCacheAsync(clients[0]);
        var steady = new OpenLoad.Group("others", others, OtherRate);
        // Every tenant answers once first: the phases compare warm tenants, not activations.
        await OpenLoad.RunAsync(clients, [steady with { RatePerTenant = 2 }], texts, TimeSpan.FromSeconds(2));

        progress.Report($"fairness: quiet, {Others} tenants at {OtherRate}/s each for {Phase.TotalSeconds:0} s");
        var quiet = (await OpenLoad.RunAsync(clients, [steady], texts, Phase))["others"];

        progress.Report($"fairness: burst, one tenant offering {10 * AdmittedRate}/s (10x its admitted {AdmittedRate}/s) on top");
        var burst = await OpenLoad.RunAsync(clients, [steady, new OpenLoad.Group("burster", [burster], 10 * AdmittedRate)], texts, Phase);

        progress.Report($"fairness: training storm, {StormTenants} tenants press train at once while the {Others} keep sending");
        var slots = host.Services.GetRequiredService<TrainingSlots>();
        var storm = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = OpenLoad.RunAsync(clients, [steady], texts, TimeSpan.FromMinutes(10), stop.Token);
        var maxRunning = 0;
        var jobs = await Task.WhenAll(trainers.Select(async t =>
            (t, (await new Training.TrainingClient(clients[1]).TrainAsync(new TrainRequest { Tenant = t.Id }, t.Headers)).JobId)));
        var finished = 0;
        var succeeded = 0;
        var training = new Training.TrainingClient(clients[2]);
        while (finished < jobs.Length)
        {
            maxRunning = Math.Max(maxRunning, slots.Running);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            finished = 0;
            succeeded = 0;
            foreach (var (tenant, job) in jobs)
            {
                var state = (await training.GetJobAsync(new GetJobRequest { Tenant = tenant.Id, JobId = job }, tenant.Headers)).State;
                if (state is JobState.Succeeded or JobState.Failed or JobState.Cancelled) finished++;
                if (state == JobState.Succeeded) succeeded++;
            }
        }
        var makespan = storm.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        var during = (await load)["others"];

        var quietStats = Stats("quiet", quiet);
        var burstStats = Stats("burst", burst["others"]);
        var stormStats = Stats("storm", during);
        return new Dictionary<string, object?>
        {
            ["fairness_tenants"] = Others,
            ["fairness_rate_per_tenant"] = OtherRate,
            ["fairness_admitted_rps"] = AdmittedRate,
            ["fairness_quiet_p50_ms"] = quietStats.P50Ms,
            ["fairness_quiet_p99_ms"] = quietStats.P99Ms,
            ["fairness_burst_p50_ms"] = burstStats.P50Ms,
            ["fairness_burst_p99_ms"] = burstStats.P99Ms,
            ["fairness_burst_p99_vs_quiet"] = burstStats.P99Ms / quietStats.P99Ms,
            ["fairness_burst_offered"] = burst["burster"].Sent,
            ["fairness_burst_admitted_per_s"] = burst["burster"].LatenciesMs.Count / Phase.TotalSeconds,
            ["fairness_burst_refused"] = burst["burster"].Refused,
            ["fairness_others_refused"] = quiet.Refused + burst["others"].Refused + during.Refused,
            ["fairness_storm_tenants"] = StormTenants,
            ["fairness_storm_makespan_s"] = makespan,
            ["fairness_storm_succeeded"] = succeeded,
            ["fairness_storm_max_running"] = maxRunning,
            ["fairness_storm_p50_ms"] = stormStats.P50Ms,
            ["fairness_storm_p99_ms"] = stormStats.P99Ms,
            ["fairness_storm_p99_vs_quiet"] = stormStats.P99Ms / quietStats.P99Ms,
        };
    }

    private static LatencyStats Stats(string name, OpenLoad.Outcome outcome)
    {
        var all = outcome.LatenciesMs.ToArray();
        return LatencyStats.From(name, all.Length, Phase.TotalSeconds, all);
    }

    public static async Task<int> RunAsync(int threads, bool json, IProgress<string> progress)
    {
        var machine = Consoles.Machine();
        progress.Report(machine);
        var report = new Dictionary<string, object?> { ["machine"] = machine };
        foreach (var (key, value) in await MeasureAsync(threads, progress)) report[key] = value;
        Consoles.WriteFigures(report, json);
        return 0;
    }
}
