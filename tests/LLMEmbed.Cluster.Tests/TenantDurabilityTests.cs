using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>A tenant outlives the silos that hosted it: the whole cluster is stopped and a new one reads the same files.</summary>
public sealed class TenantDurabilityTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llmembed-tenant-durability-" + Guid.NewGuid().ToString("N"));
    private readonly TestBackboneFactory _backbones = new();

    private async Task<InProcessTestCluster> Start()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true }, new BatchingOptions());
            silo.Services.AddSingleton<IBackboneFactory>(_backbones);
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = _data);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions { SegmentCapacity = 4 });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task Labels_examples_and_heads_survive_a_cluster_restart_and_a_running_job_is_reported_interrupted()
    {
        string[] probes = ["ab", "a long text that is clearly in the long class of texts"];
        ClassifyResult[] before;
        HeadVersionInfo[] headsBefore;
        string interruptedJob = Guid.NewGuid().ToString("N");
        await using (var first = await Start())
        {
            var tenant = first.Client.GetGrain<ITenantGrain>("durable");
            await tenant.Create(TenantKit.Settings(keepTexts: true));
            await tenant.SetLabels(["tiny", "huge", "spare"]);
            await tenant.RenameLabel("spare", "extra");
            // 10 examples with segments of 4: three segment records, the last one partly filled.
            var examples = Enumerable.Range(0, 5).SelectMany(i => new LabeledExample[]
            {
                new($"s{i}", "tiny"),
                new($"a long text number {i} that belongs to the long class", "huge"),
            }).ToArray();
            await Retry.WhileNoBackboneHost(() => tenant.AddExamples(examples[..6], true));
            await tenant.AddExamples(examples[6..], true);
            await tenant.RetireLabel("extra");
            await TenantKit.Train(tenant);
            before = await tenant.Classify(probes, 2, true);
            headsBefore = await tenant.ListHeads();

            // Simulate a silo dying mid-training: a job recorded as Running with no run behind it.
            var storage = first.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
            var record = new StoredRecord<TenantState>(new TenantState());
            await storage.ReadStateAsync("tenant", tenant.GetGrainId(), record);
            var running = new TrainingJobInfo(interruptedJob, JobState.Running, 0.5, "training", TrainingMode.Full, 0, false, null, DateTimeOffset.UtcNow, null);
            record.State = record.State with { Jobs = [.. record.State.Jobs, running] };
            await storage.WriteStateAsync("tenant", tenant.GetGrainId(), record);
        }

        await using var second = await Start();
        var again = second.Client.GetGrain<ITenantGrain>("durable");
        var info = await again.Describe();
        Assert.Equal(10, info.Examples);
        Assert.Equal(1, info.ActiveHeadVersion);
        Assert.True(info.KeepTexts);
        Assert.Equal(["tiny", "huge"], (await again.ListLabels(false)).Select(l => l.Name).ToArray());
        Assert.Equal(("extra", true), (await again.ListLabels(true)).Select(l => (l.Name, l.Retired)).Last());
        var counts = await again.CountExamples();
        Assert.Equal((5L, 5L), (counts.PerLabel["tiny"], counts.PerLabel["huge"]));
        Assert.Equal(headsBefore.Select(h => (h.Version, h.Active, h.Metrics.Accuracy, h.Tuning)), (await again.ListHeads()).Select(h => (h.Version, h.Active, h.Metrics.Accuracy, h.Tuning)));
        var after = await Retry.WhileNoBackboneHost(() => again.Classify(probes, 2, true));
        Assert.Equal(before.Select(r => r.Label), after.Select(r => r.Label));
        Assert.Equal(before.SelectMany(r => r.Probabilities.Select(p => p.Probability)), after.SelectMany(r => r.Probabilities.Select(p => p.Probability)));
        Assert.Equal(["tiny", "huge"], after.Select(r => r.Label).ToArray());

        var job = await again.GetJob(interruptedJob);
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("interrupted", job.Message);

        // Appends continue after the acknowledged rows, and the state still trains.
        await again.AddExamples([new("s9", "tiny"), new("another long text in the long class of texts", "huge")], true);
        Assert.Equal(12, (await again.CountExamples()).Total);
        var retrained = await TenantKit.Train(again, TrainingMode.Incremental);
        Assert.Equal(2, retrained.HeadVersion);
        // 12 examples, one per label held out (20% of 6) to score the candidate; the head kept is refit on all 12.
        Assert.Equal(12, (await again.ListHeads())[1].Examples);
    }

    [Fact]
    public async Task A_tenants_long_text_setting_and_its_window_count_survive_a_cluster_restart()
    {
        var chunk = new LLMEmbed.Grains.Abstractions.Backbones.LongTextSettings(LLMEmbed.Grains.Abstractions.Backbones.LongTextModeContract.Chunk, 16, 4);
        // One token per character (the test tokenizer): 300 characters need several 128-token windows.
        var longText = string.Concat(Enumerable.Range(0, 30).Select(i => $"word {i:D4} "));
        long windows;
        await using (var first = await Start())
        {
            var tenant = first.Client.GetGrain<ITenantGrain>("durable-chunk");
            await tenant.Create(TenantKit.Settings() with { LongText = chunk });
            await tenant.SetLabels(["a", "b"]);
            var added = await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new(longText, "a"), new("short", "b")], false));
            windows = added.Windows;
            Assert.True(windows > 2, $"{windows} windows for one long and one short text");
        }

        await using var second = await Start();
        var info = await second.Client.GetGrain<ITenantGrain>("durable-chunk").Describe();
        Assert.Equal(chunk, info.LongText);
        Assert.Equal(windows / 2.0, info.WindowsPerExample, 6);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }
}
