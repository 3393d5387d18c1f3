using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Fixtures/partial-tail-tenant is the file-storage folder of a tenant written by the code that kept each segment
/// as one record (commit 4b300db: labels tiny/huge, 6 rows added one per call with texts kept, segments of 4, so
/// the tail segment holds 2 of 4). This code loads it unchanged, appends to its tail as part records, and a
/// restarted silo reads the mixed layout back.
/// </summary>
public sealed class PartialTailTenantTests : IAsyncLifetime
{
    private static readonly string[] FixtureTexts = ["a", "bb", "a much longer text for the huge label", "c", "another rather long text of the huge kind", "d"];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llmembed-partial-tail-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "partial-tail-tenant");
        foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_data, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        _cluster = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_tenant_stored_one_record_per_segment_loads_appends_as_parts_and_reloads()
    {
        var tenant = _cluster!.Client.GetGrain<ITenantGrain>("current-layout");
        Assert.Equal(6, (await Retry.WhileNoBackboneHost(() => tenant.Describe())).Examples);
        Assert.Equal(FixtureTexts, await Texts(tenant));

        string[] added = ["e", "f", "g", "h", "a fifth rather long text of the huge kind"];
        foreach (var text in added) await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new LabeledExample(text, text.Length > 5 ? "huge" : "tiny")], truncate: true));
        string[] grown = [.. FixtureTexts, .. added];
        Assert.Equal(grown, await Texts(tenant));
        // Segment 1 filled (one record again, its parts removed); segment 2 holds its 3 rows in parts.
        Assert.Empty(PartFiles(1));
        Assert.Equal(3, PartFiles(2).Length);

        // An edit of the tail rewrites it as one record; appends go on after it.
        var last = (await tenant.ListExamples(new ExampleQuery(100))).Examples[^1];
        await tenant.RelabelExample(last.Id, "tiny");
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new LabeledExample("i", "tiny")], truncate: true));

        await _cluster.DisposeAsync();
        _cluster = await StartAsync();
        tenant = _cluster.Client.GetGrain<ITenantGrain>("current-layout");
        var info = await Retry.WhileNoBackboneHost(() => tenant.Describe());
        Assert.Equal(12, info.Examples);
        string[] reloaded = [.. grown, "i"];
        Assert.Equal(reloaded, await Texts(tenant));
        var rows = (await tenant.ListExamples(new ExampleQuery(100))).Examples;
        Assert.Equal("tiny", rows[10].Label);
        Assert.Equal("huge", rows[4].Label);
        Assert.Equal((10L, 2L), ((await tenant.CountExamples()).PerLabel["tiny"], (await tenant.CountExamples()).PerLabel["huge"]));

        await tenant.Delete();
        Assert.DoesNotContain(Directory.GetFiles(_data, "*.state", SearchOption.AllDirectories), f => f.Contains("tenant-segment", StringComparison.Ordinal));
    }

    private static async Task<string[]> Texts(ITenantGrain tenant) =>
        (await tenant.ListExamples(new ExampleQuery(100))).Examples.Select(e => e.Text ?? "(none)").ToArray();

    private string[] PartFiles(int segment) =>
        Directory.GetDirectories(_data, $"tenant-segment-{segment}-part-*").SelectMany(d => Directory.GetFiles(d, "*.state")).ToArray();

    private async Task<InProcessTestCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true }, new BatchingOptions());
            silo.Services.AddSingleton<IBackboneFactory>(new TestBackboneFactory());
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = _data);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions { SegmentCapacity = 4 });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
