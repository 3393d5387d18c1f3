using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.Options;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The silo's training admission on its own: slots, arrival order, the queue bound, leaving the queue.</summary>
public sealed class TrainingSlotsTests
{
    private static TrainingSlots Slots(int runs, int queued) => new(Options.Create(new TrainingOptions { RunsPerSilo = runs, QueuedPerSilo = queued }));

    [Fact]
    public async Task Runs_past_the_slots_wait_in_arrival_order_and_one_past_the_queue_is_refused()
    {
        using var slots = Slots(runs: 2, queued: 2);
        var first = slots.Enter();
        var second = slots.Enter();
        var third = slots.Enter();
        var fourth = slots.Enter();
        Assert.True(first.Granted && second.Granted);
        Assert.False(third.Granted || fourth.Granted);
        Assert.Equal((2, 2), (slots.Running, slots.Queued));
        Assert.Equal((0, 1), (slots.Ahead(third), slots.Ahead(fourth)));

        var refused = Assert.Throws<LimitExceededException>(() => slots.Enter());
        Assert.Equal("training_queue", refused.Limit);
        Assert.Equal(TrainingSlots.FullQueueRetryAfter, refused.RetryAfter);

        second.Dispose(); // the slot passes to the oldest waiter, not to whoever asks next
        await third.WaitAsync(CancellationToken.None);
        Assert.False(fourth.Granted);
        Assert.Equal((2, 1), (slots.Running, slots.Queued));
        Assert.Equal(0, slots.Ahead(fourth));

        second.Dispose(); // twice frees nothing more
        Assert.False(fourth.Granted);
        first.Dispose();
        third.Dispose();
        await fourth.WaitAsync(CancellationToken.None);
        fourth.Dispose();
        Assert.Equal((0, 0), (slots.Running, slots.Queued));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue_and_never_takes_a_slot()
    {
        using var slots = Slots(runs: 1, queued: 4);
        var running = slots.Enter();
        var quitter = slots.Enter();
        var patient = slots.Enter();
        using var cancel = new CancellationTokenSource();
        var waiting = quitter.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        quitter.Dispose();
        Assert.Equal(0, slots.Ahead(patient));
        Assert.Equal(1, slots.Queued);

        running.Dispose();
        await patient.WaitAsync(CancellationToken.None);
        Assert.False(quitter.Granted);
        patient.Dispose();
        Assert.Equal((0, 0), (slots.Running, slots.Queued));
    }

    [Fact]
    public void Threads_per_run_default_to_half_the_cores_shared_by_the_slots()
    {
        Assert.Equal(8, new TrainingOptions().ThreadsFor(16));
        Assert.Equal(2, new TrainingOptions { RunsPerSilo = 4 }.ThreadsFor(16));
        Assert.Equal(1, new TrainingOptions().ThreadsFor(1));
        Assert.Equal(3, new TrainingOptions { ThreadsPerRun = 3 }.ThreadsFor(16));
    }
}
