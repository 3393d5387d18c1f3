using System.Globalization;
using Grpc.Core;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Bench;

/// <summary>
/// replicas_2_vs_1: the cluster path (gRPC Classify, cache cold) with one backbone replica using all
/// the bench's threads, then with two replicas (two silos in one local cluster, each with half the
/// threads), then one again, on the same texts. Both set-ups share this machine's cores, so the honest
/// expectation is about 1.0x: the figure shows what routing and a second silo cost, not what a second
/// machine adds. The share of sequences each replica served is reported too.
/// </summary>
internal sealed class ReplicaBenchmark(string provider, int threads, int maxTokens, string recipe, string backbone)
{
    public int Concurrency { get; init; } = 64;

    public sealed record Result(LatencyStats One, LatencyStats Two, LatencyStats OneAgain, IReadOnlyList<long> TwoSequencesPerReplica)
    {
        /// <summary>Two replicas against the mean of the one-replica runs around them.</summary>
        public double Ratio => Two.SequencesPerSecond / ((One.SequencesPerSecond + OneAgain.SequencesPerSecond) / 2);
    }

    public async Task<Result> RunAsync(IReadOnlyList<string> texts, IReadOnlyList<LabeledText> examples, IProgress<string> progress)
    {
        var one = await MeasureAsync(1, texts, examples, progress);
        var two = await MeasureAsync(2, texts, examples, progress);
        var again = await MeasureAsync(1, texts, examples, progress);
        return new Result(one.Stats, two.Stats, again.Stats, two.PerReplica);
    }

    private async Task<(LatencyStats Stats, long[] PerReplica)> MeasureAsync(int replicas, IReadOnlyList<string> texts, IReadOnlyList<LabeledText> examples, IProgress<string> progress)
    {
        var perSilo = Math.Max(1, threads / replicas);
        progress.Report($"replicas: {replicas} backbone replica(s), {perSilo} ONNX thread(s) each; {texts.Count} texts, cache cold");
        var name = "llmembed-replicas-" + Guid.NewGuid().ToString("N")[..8];
        var hosts = new List<InProcessHost>();
        try
        {
            hosts.Add(await InProcessHost.StartAsync(name, Settings(perSilo, primarySiloPort: 0)));
            for (var i = 1; i < replicas; i++)
                hosts.Add(await InProcessHost.StartAsync(name, Settings(perSilo, hosts[0].SiloPort, hosts[0].DataDirectory)));
            var front = hosts[0];
            var directory = front.Services.GetRequiredService<Grains.Routing.ReplicaDirectory>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (directory.Replicas(backbone).Count < replicas)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {directory.Replicas(backbone).Count} of {replicas} replicas became known.");
                await Task.Delay(100);
            }
            using var admin = Grpc.Net.Client.GrpcChannel.ForAddress(front.Address);
            var adminHeaders = new Metadata { { "authorization", $"Bearer {front.AdminKey}" } };
            var tenant = await BenchTenant.CreateTrainedAsync(admin, adminHeaders, "replicas", recipe, examples);
            var clients = Enumerable.Range(0, Concurrency).Select(_ => Grpc.Net.Client.GrpcChannel.ForAddress(front.Address)).ToArray();
            try
            {
                await ClusterLoad.RunAsync("warm-up", clients, [tenant], examples.Select(e => e.Text).ToArray());
                var fleet = front.Services.GetRequiredService<IGrainFactory>().GetGrain<IBackboneFleetGrain>(0);
                var before = (await fleet.ListReplicas()).Where(r => r.BackboneId == backbone).ToDictionary(r => r.Silo, r => r.Sequences);
                var stats = await ClusterLoad.RunAsync($"cluster gRPC, {replicas} replica(s)", clients, [tenant], texts);
                var after = (await fleet.ListReplicas()).Where(r => r.BackboneId == backbone).ToList();
                return (stats, after.Select(r => r.Sequences - before.GetValueOrDefault(r.Silo)).ToArray());
            }
            finally
            {
                foreach (var client in clients) client.Dispose();
            }
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--) await hosts[i].DisposeAsync();
        }
    }

    private Dictionary<string, string?> Settings(int intraOpThreads, int primarySiloPort, string? dataDirectory = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:DefaultLimits:RequestsPerSecond"] = "1000000",
            ["Silo:BackboneHost"] = "true",
            ["Silo:Accelerator"] = provider == Core.Backbones.BackboneOptions.Cuda ? "cuda" : "cpu",
            ["Backbone:IntraOpThreads"] = intraOpThreads.ToString(CultureInfo.InvariantCulture),
            ["Backbone:InterOpThreads"] = "1",
            ["Backbone:MaxTokens"] = maxTokens.ToString(CultureInfo.InvariantCulture),
            ["Backbones:Preload:0"] = backbone,
            ["Cluster:PrimarySiloPort"] = primarySiloPort.ToString(CultureInfo.InvariantCulture),
        };
        // Both silos read and write the same grain-state folder, as silos of one cluster share one store.
        if (dataDirectory is not null) settings["Storage:DataDirectory"] = dataDirectory;
        return settings;
    }
}
