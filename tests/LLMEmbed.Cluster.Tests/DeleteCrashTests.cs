using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// A delete that fails halfway (a storage fault injected after some records are gone) leaves a tenant that
/// refuses everything — also from a fresh activation — and whose delete can be called again to finish.
/// </summary>
public sealed class DeleteCrashTests : IAsyncLifetime
{
    private const string Inner = "inner";
    private OneSiloCluster _silo = null!;
    private InProcessTestCluster _cluster = null!;

    // Segments of 4 rows: the tenant below has several records to remove. The default storage is the faulty one over files.
    public async Task InitializeAsync()
    {
        _silo = await OneSiloCluster.StartAsync("delete-crash", new TenantOptions { SegmentCapacity = 4 }, (silo, data) =>
        {
            silo.AddDurableFileGrainStorage(Inner, o => o.RootDirectory = data);
            silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => new FaultyGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(Inner)));
        });
        _cluster = _silo.Cluster;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private FaultyGrainStorage Storage => (FaultyGrainStorage)_cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private string[] Records(string tenant) => Directory.GetFiles(_silo.DataDirectory, "*.state", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f).Contains(tenant, StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task A_delete_failing_halfway_refuses_everything_and_finishes_when_called_again()
    {
        var tenant = _cluster.Client.GetGrain<ITenantGrain>("half-deleted");
        await tenant.Create(TenantKit.Settings(keepTexts: true));
        await tenant.SetLabels(["tiny", "huge"]);
        var examples = Enumerable.Range(0, 6).SelectMany(i => new LabeledExample[]
            { new($"s{i}", "tiny"), new($"a much longer piece of text number {i} with many words in it", "huge") }).ToArray();
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples(examples, true));
        await TenantKit.Train(tenant);
        Assert.NotEmpty(await tenant.Classify(["s1"], 1, true));
        var stored = Records("half-deleted").Length;
        Assert.True(stored >= 5, $"{stored} records"); // state, three segments, a head

        Storage.FailClear(3); // two records go, the third clear fails
        await Assert.ThrowsAsync<IOException>(() => tenant.Delete());
        Assert.InRange(Records("half-deleted").Length, 1, stored - 2);

        // It refuses everything: on this activation and on a fresh one that reads the stored state.
        await AssertRefusesEverything(tenant);
        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await AssertRefusesEverything(tenant);
        Assert.False(await _cluster.Client.GetGrain<ITenantAdminGrain>("half-deleted").Authorize(TenantKit.KeyHash("secret")));

        await tenant.Delete(); // called again: removes what was left
        Assert.Empty(Records("half-deleted"));
        Assert.DoesNotContain("half-deleted", await _cluster.Client.GetGrain<ITenantDirectoryGrain>(0).List());
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.Delete());

        await tenant.Create(TenantKit.Settings());
        Assert.Equal(0, (await tenant.CountExamples()).Total);
    }

    [Fact]
    public async Task Creating_over_a_half_deleted_tenant_starts_from_nothing()
    {
        var tenant = _cluster.Client.GetGrain<ITenantGrain>("recreated");
        await tenant.Create(TenantKit.Settings(keepTexts: true));
        await tenant.SetLabels(["tiny", "huge"]);
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new("s1", "tiny"), new("a longer text for the other label", "huge")], true));
        Storage.FailClear(1);
        await Assert.ThrowsAsync<IOException>(() => tenant.Delete());
        await AssertRefusesEverything(tenant);

        await tenant.Create(TenantKit.Settings());
        Assert.Equal(0, (await tenant.CountExamples()).Total);
        Assert.Empty(await tenant.ListLabels(true));
        Assert.Single(Records("recreated")); // only the new state: the old segment went first
    }

    private static async Task AssertRefusesEverything(ITenantGrain tenant)
    {
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.Describe());
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.Classify(["s1"], 1, true));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.CountExamples());
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.AddExamples([new("s2", "tiny")], true));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.ListHeads());
    }
}
