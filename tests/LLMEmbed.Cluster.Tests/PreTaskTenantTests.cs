using System.Text.Json;
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
/// Fixtures/pre-task-tenant is the file-storage folder of a tenant written by the code before tasks (commit 809dae2:
/// labels tiny/huge, 10 examples in segments of 4, head v1 active, the test backbone), with the answers that code gave
/// (expected.json). This code loads it as one default task and answers the same, and the tenant takes tasks on top.
/// </summary>
public sealed class PreTaskTenantTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llmembed-pre-task-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pre-task-tenant");
        foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_data, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var backbones = new TestBackboneFactory();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true }, new BatchingOptions());
            silo.Services.AddSingleton<IBackboneFactory>(backbones);
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = _data);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions { SegmentCapacity = 4 });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_tenant_stored_before_tasks_serves_as_its_default_task_and_takes_new_tasks()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data, "expected.json")));
        var probes = expected.RootElement.GetProperty("probes").EnumerateArray().Select(p => p.GetString()!).ToArray();
        var labels = expected.RootElement.GetProperty("labels").EnumerateArray().Select(p => p.GetString()!).ToArray();
        var probabilities = expected.RootElement.GetProperty("probabilities").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(p => p.GetSingle()).ToArray()).ToArray();

        var tenant = _cluster.Client.GetGrain<ITenantGrain>("pre-tasks");
        var info = await Retry.WhileNoBackboneHost(() => tenant.Describe());
        Assert.Equal((10L, 1, 0), (info.Examples, info.ActiveHeadVersion, info.Tasks));
        var task = Assert.Single(await tenant.ListTasks());
        Assert.Equal((TaskNames.Default, TaskKind.SingleLabel, 2, 10L, 1), (task.Name, task.Kind, task.Labels, task.Examples, task.ActiveHeadVersion));

        var answers = await Retry.WhileNoBackboneHost(() => tenant.Classify(probes, 2, true));
        Assert.Equal(labels, answers.Select(a => a.Label));
        Assert.Equal(probabilities.SelectMany(p => p), answers.SelectMany(a => a.Probabilities.Select(p => p.Probability)));
        var viaTasks = await tenant.ClassifyTasks(probes, [TaskNames.Default], 2, true);
        Assert.Equal(labels, viaTasks.Select(a => a.Single().Label));

        // New tasks sit beside the old data: rows labelled for both are stored once.
        await tenant.CreateTask("size", TaskKind.MultiLabel, ["short", "long"]);
        await tenant.AddExamples([
            new LabeledExample("s9", "tiny", Tasks: [new TaskLabel("size", ["short"])]),
            new LabeledExample("another long text that belongs to the long class", "huge", Tasks: [new TaskLabel("size", ["long"])]),
        ], truncate: true);
        Assert.Equal(12, (await tenant.Describe()).Examples);
        Assert.Equal([12L, 2L], (await tenant.ListTasks()).Select(t => t.Examples));
        Assert.Equal([1], (await tenant.ListHeads()).Select(h => h.Version));
    }
}
