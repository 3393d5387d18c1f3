using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using LLMEmbed.Tests;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Training runs queue at the silo (one slot, two waiting here), can be cancelled queued or running, and a run
/// too large for the memory bound is refused before it queues. The test holds the silo's one slot itself, so what
/// waits and when is decided by the test, not by how fast the machine trains.
/// </summary>
public sealed class TrainingQueueTests : IAsyncLifetime
{
    private const string Inner = "inner";
    private OneSiloCluster _silo = null!;

    public async Task InitializeAsync() => _silo = await OneSiloCluster.StartAsync("training-queue", new TenantOptions(), (silo, data) =>
    {
        silo.AddDurableFileGrainStorage(Inner, o => o.RootDirectory = data);
        silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => new FaultyGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(Inner)));
    }, new TrainingOptions { RunsPerSilo = 1, QueuedPerSilo = 2, MaxFeatureBytes = 2048 });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private TrainingSlots Slots => _silo.Cluster.Silos[0].ServiceProvider.GetRequiredService<TrainingSlots>();
    private FaultyGrainStorage Storage => (FaultyGrainStorage)_silo.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private static readonly TrainingRequest Full = new(TrainingMode.Full, HeadKindContract.LogReg, false);

    private async Task<ITenantGrain> Tenant(string name, int perLabel = 4)
    {
        var tenant = _silo.Client.GetGrain<ITenantGrain>(name);
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["tiny", "huge"]);
        var examples = Enumerable.Range(0, perLabel).SelectMany(i => new LabeledExample[]
            { new($"s{i}", "tiny"), new($"a much longer piece of text number {i} with many words in it", "huge") }).ToArray();
        foreach (var chunk in examples.Chunk(8)) await Retry.WhileNoBackboneHost(() => tenant.AddExamples(chunk, true));
        return tenant;
    }

    private async Task Idle() =>
        await Eventually.UntilAsync(() => Task.FromResult((Slots.Running, Slots.Queued)), s => s == (0, 0), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Runs_wait_for_the_silos_slot_in_order_a_full_queue_refuses_and_a_queued_run_can_be_cancelled()
    {
        var (a, b, c) = (await Tenant("queue-a"), await Tenant("queue-b"), await Tenant("queue-c"));
        var held = Slots.Enter();
        Assert.True(held.Granted);

        var jobA = await a.StartTraining(Full);
        var jobB = await b.StartTraining(Full);
        var waitingA = await a.GetJob(jobA);
        Assert.Equal(JobState.Queued, waitingA.State);
        Assert.Equal("queued: 0 run(s) ahead on this silo", waitingA.Message);
        Assert.Equal("queued: 1 run(s) ahead on this silo", (await b.GetJob(jobB)).Message);

        var refused = await Assert.ThrowsAsync<LimitExceededException>(() => c.StartTraining(Full));
        Assert.Equal("training_queue", refused.Limit);
        Assert.Equal(TrainingSlots.FullQueueRetryAfter, refused.RetryAfter);

        var cancelled = await a.CancelJob(jobA);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.Finished);
        await Eventually.UntilAsync(() => Task.FromResult(Slots.Queued), q => q == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, Slots.Queued);
        Assert.Equal("queued: 0 run(s) ahead on this silo", (await b.GetJob(jobB)).Message);
        var jobC = await c.StartTraining(Full); // the refused start recorded nothing: c trains once there is room
        var again = await Assert.ThrowsAsync<PreconditionFailedException>(() => a.CancelJob(jobA));
        Assert.Contains("already ended (cancelled)", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => a.CancelJob("no-such-job"));

        held.Dispose();
        Assert.Equal(JobState.Succeeded, (await TenantKit.WaitForJob(b, jobB)).State);
        Assert.Equal(JobState.Succeeded, (await TenantKit.WaitForJob(c, jobC)).State);
        Assert.Equal(JobState.Cancelled, (await a.GetJob(jobA)).State);
        Assert.Empty(await a.ListHeads());
        await TenantKit.Train(a); // a cancelled job does not block the next one
        await Idle();
    }

    [Fact]
    public async Task A_running_job_cancelled_ends_at_once_frees_its_slot_and_its_head_never_lands()
    {
        var tenant = await Tenant("cancel-running");
        var hold = Storage.HoldReads("tenant-segment-"); // the base record or the tail's parts
        var jobId = await tenant.StartTraining(Full);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30)); // the run holds the slot and is reading its rows
        Assert.Equal(JobState.Running, (await tenant.GetJob(jobId)).State);
        Assert.Equal(1, Slots.Running);

        Assert.Equal(JobState.Cancelled, (await tenant.CancelJob(jobId)).State);
        hold.Release();
        await Idle();
        Assert.Equal(JobState.Cancelled, (await tenant.GetJob(jobId)).State);
        Assert.Empty(await tenant.ListHeads());
    }

    [Fact]
    public async Task A_run_over_the_memory_bound_is_refused_before_it_queues()
    {
        // 2 KiB of features: "last" over the test backbone stores 8 floats (32 bytes) per row, so 200 rows are over it and 8 are not.
        var tenant = await Tenant("too-large", perLabel: 100);
        var refused = await Assert.ThrowsAsync<LimitExceededException>(() => tenant.StartTraining(Full));
        Assert.Equal("training_memory", refused.Limit);
        Assert.Null(refused.RetryAfter);
        Assert.Contains("Training:MaxFeatureBytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (Slots.Running, Slots.Queued));
        var small = await Tenant("small-enough");
        await TenantKit.Train(small);
    }
}
