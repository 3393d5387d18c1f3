using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// An idle tenant leaves memory after Tenants:IdleCollectionAge, and its first call afterwards reloads only its state
/// and active head (never its examples), answering exactly as before.
/// </summary>
public sealed class IdleTenantTests : IAsyncLifetime
{
    private const string Inner = "inner";
    private OneSiloCluster _silo = null!;

    public async Task InitializeAsync() => _silo = await OneSiloCluster.StartAsync("idle-tenants", new TenantOptions { IdleCollectionAge = TimeSpan.FromSeconds(2) },
        (silo, data) =>
        {
            silo.AddDurableFileGrainStorage(Inner, o => o.RootDirectory = data);
            silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => new FaultyGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(Inner)));
        });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private FaultyGrainStorage Storage => (FaultyGrainStorage)_silo.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    [Fact]
    public async Task An_idle_tenant_is_collected_and_wakes_on_its_head_without_reading_its_examples()
    {
        var tenant = _silo.Client.GetGrain<ITenantGrain>("sleepy");
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["tiny", "huge"]);
        var examples = Enumerable.Range(0, 12).SelectMany(i => new LabeledExample[]
            { new($"s{i}", "tiny"), new($"a much longer piece of text number {i} with many words in it", "huge") }).ToArray();
        foreach (var chunk in examples.Chunk(8)) await Retry.WhileNoBackboneHost(() => tenant.AddExamples(chunk, true));
        await TenantKit.Train(tenant);
        var before = await tenant.Classify(["s3", "a much longer piece of text"], 0, true);

        var management = _silo.Client.GetGrain<IManagementGrain>(0);
        await Eventually.UntilAsync(() => management.GetGrainActivationCount((GrainReference)tenant), n => n == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await management.GetGrainActivationCount((GrainReference)tenant));

        Storage.ClearReads();
        var after = await tenant.Classify(["s3", "a much longer piece of text"], 0, true);
        Assert.Equal(before.Select(r => r.Probabilities.Select(p => (p.Label, p.Probability))), after.Select(r => r.Probabilities.Select(p => (p.Label, p.Probability))));
        var reads = Storage.Reads;
        Assert.Contains("tenant", reads);
        Assert.Contains("tenant-head-v1", reads);
        Assert.DoesNotContain(reads, r => r.StartsWith("tenant-segment-", StringComparison.Ordinal));
    }
}
