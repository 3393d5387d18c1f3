using LLMEmbed.Tests;
using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Routing;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Backbone replicas across silos: a fresh in-process cluster per test, Silo_0 serving no backbones,
/// every other silo (including ones started during a test) a backbone host with its own backbone
/// objects, so each replica's batches can be counted. Load comes from Silo_0's router, as the fusion
/// path of a tenant grain on that silo would send it.
/// </summary>
public sealed class ReplicaClusterTests : IAsyncLifetime
{
    private const string Backbone = "replicated";
    private const int Callers = 64;
    private readonly ConcurrentDictionary<string, TestBackboneFactory> _factories = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) =>
        {
            var factory = _factories.GetOrAdd(options.SiloName, _ => new TestBackboneFactory(TimeSpan.FromMilliseconds(4)));
            var role = new SiloRoleOptions { BackboneHost = options.SiloName != "Silo_0", Accelerator = SiloRoleOptions.Cpu };
            silo.AddLLMEmbedBackbones(role, new BatchingOptions { QueueCapacity = 4096 },
                new RoutingOptions(), new Grains.Backbones.BackbonePreloadOptions { Preload = role.BackboneHost ? [Backbone] : [] });
            silo.Services.AddSingleton<IBackboneFactory>(factory);
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = Path.Combine(Path.GetTempPath(), "llmembed-replicas-" + Guid.NewGuid().ToString("N")));
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions());
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await WaitUntil(() => Router(Front).Replicas(Backbone).Count == 2, TimeSpan.FromSeconds(20), "both hosts known to Silo_0");
    }

    public async Task DisposeAsync()
    {
        foreach (var backbone in _factories.Values.SelectMany(f => f.Created.Values)) backbone.Gate.Set();
        await _cluster.DisposeAsync();
    }

    private InProcessSiloHandle Front => _cluster.Silos.Single(s => s.Name == "Silo_0");

    private static ReplicaDirectory Router(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<ReplicaDirectory>();

    private long SequencesOn(string silo) =>
        _factories.TryGetValue(silo, out var f) && f.Created.TryGetValue(Backbone, out var b) ? b.BatchSizes.Sum() : 0;

    private double MeanBatchOn(string silo) =>
        _factories[silo].Created.TryGetValue(Backbone, out var b) && b.BatchSizes.Count > 0 ? b.BatchSizes.Average() : 0;

    /// <summary>64 concurrent callers, each embedding one new text per call, until <paramref name="stop"/>; every failure is kept.</summary>
    private async Task<(int Calls, List<Exception> Failures)> Load(Func<int, bool> stop)
    {
        var client = Front.ServiceProvider.GetRequiredService<BackboneClient>();
        var failures = new ConcurrentBag<Exception>();
        var calls = 0;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                var done = Interlocked.Increment(ref calls);
                if (stop(done)) return;
                try
                {
                    var blob = await client.EmbedAsync(Backbone, new EmbedTextsRequest([$"caller {caller} text {n}"], [6], PoolingContract.Mean));
                    Assert.Equal(1, blob.Sequences);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
        })));
        return (calls, failures.ToList());
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        Assert.True(await Eventually.UntilAsync(() => Task.FromResult(condition()), c => c, timeout), $"Timed out waiting for: {what}.");
    }

    [Fact]
    public async Task Both_replicas_share_the_load_in_batches_and_none_runs_on_the_non_host()
    {
        var (calls, failures) = await Load(done => done > 1500);
        Assert.Empty(failures);
        var one = SequencesOn("Silo_1");
        var two = SequencesOn("Silo_2");
        Assert.Equal(1500, one + two);
        Assert.True(one >= 0.3 * (one + two) && two >= 0.3 * (one + two), $"Silo_1 served {one}, Silo_2 {two} sequences.");
        Assert.True(MeanBatchOn("Silo_1") > 1 && MeanBatchOn("Silo_2") > 1, $"mean batch sizes {MeanBatchOn("Silo_1"):0.0} / {MeanBatchOn("Silo_2"):0.0}");
        Assert.Empty(_factories["Silo_0"].Created);
        var listed = await _cluster.Client.GetGrain<IBackboneFleetGrain>(0).ListReplicas();
        Assert.Equal(
            new[] { "Silo_1", "Silo_2" }.Select(n => _cluster.Silos.Single(s => s.Name == n).SiloAddress.ToString()).Order(),
            listed.Where(r => r.BackboneId == Backbone).Select(r => r.Silo).Order());
        Assert.True(calls > 1500);
    }

    [Fact]
    public async Task Stopping_a_backbone_host_under_load_fails_no_call_and_moves_all_traffic_to_the_survivor()
    {
        var stopped = false;
        long victimAtStop = 0, survivorAtStop = 0;
        var load = Load(_ => Volatile.Read(ref stopped) && SequencesOn("Silo_2") > survivorAtStop + 300);
        await WaitUntil(() => SequencesOn("Silo_1") > 100 && SequencesOn("Silo_2") > 100, TimeSpan.FromSeconds(30), "both replicas serving");
        var victim = _cluster.Silos.Single(s => s.Name == "Silo_1");
        await _cluster.StopSiloAsync(victim);
        victimAtStop = SequencesOn("Silo_1");
        survivorAtStop = SequencesOn("Silo_2");
        Volatile.Write(ref stopped, true);
        var (_, failures) = await load.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(failures);
        Assert.Equal(victimAtStop, SequencesOn("Silo_1"));
        Assert.True(SequencesOn("Silo_2") > survivorAtStop + 300);
        Assert.Single(Router(Front).Replicas(Backbone));
    }

    [Fact]
    public async Task A_backbone_host_started_under_load_serves_within_ten_seconds()
    {
        var joined = false;
        var load = Load(_ => Volatile.Read(ref joined));
        await WaitUntil(() => SequencesOn("Silo_1") > 50, TimeSpan.FromSeconds(30), "load running");
        var added = await _cluster.StartAdditionalSiloAsync();
        var started = DateTime.UtcNow;
        try { await WaitUntil(() => SequencesOn(added.Name) > 0, TimeSpan.FromSeconds(10), $"{added.Name} serving sequences"); }
        catch (Exception e)
        {
            var roles = Front.ServiceProvider.GetRequiredService<SiloRoles>();
            var membership = Front.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
            throw new Exception($"{e.Message} replicas={Router(Front).Replicas(Backbone).Count} role={roles.Of(added.SiloAddress)} status={membership.GetSiloStatus(added.SiloAddress)} created={string.Join(",", _factories.Select(f => f.Key + ":" + f.Value.Created.Count))}");
        }
        var took = DateTime.UtcNow - started;
        Volatile.Write(ref joined, true);
        var (_, failures) = await load.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(failures);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took.TotalSeconds:0.0} s");
    }
}
