using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Tests;

/// <summary>Admission by estimated wait: queued tokens / measured throughput against MaxQueueWait.</summary>
public sealed class BatcherAdmissionTests
{
    private static int[] Ids(int tokens) => Enumerable.Range(1, tokens).ToArray();

    [Fact]
    public async Task Requests_that_would_wait_longer_than_the_admitted_wait_are_refused_at_once()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        var options = new BatchingOptions { MaxDelay = TimeSpan.Zero, MaxQueueWait = TimeSpan.FromSeconds(1), QueueCapacity = 10_000 };
        using var batcher = new BackboneBatcher(backbone, options);

        // Measure: one 100-token run held for about 200 ms, so about 500 tokens/s.
        var first = batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(TimeSpan.FromSeconds(20)));
        await Task.Delay(200);
        gate.Set();
        await first;
        // The rate is recorded just after the run's results are handed over.
        var measuring = System.Diagnostics.Stopwatch.StartNew();
        while (batcher.TokensPerSecond == 0 && measuring.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        var rate = batcher.TokensPerSecond;
        Assert.InRange(rate, 1, 600);

        // Hold the next run, then queue 100-token requests until the estimate refuses one.
        gate.Reset();
        backbone.Entered.Reset();
        var running = batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(TimeSpan.FromSeconds(20)));
        var admitted = new List<Task>();
        BackboneOverloadedException? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var task = batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
            if (task.IsFaulted) refused = Assert.IsType<BackboneOverloadedException>(task.Exception!.InnerException);
            else admitted.Add(task);
        }
        Assert.NotNull(refused);
        Assert.NotNull(refused.EstimatedWait);
        Assert.True(refused.EstimatedWait > options.MaxQueueWait);
        // What was admitted fits the admitted wait at the measured rate (one request of slack).
        Assert.InRange(admitted.Count, 1, (int)(rate * options.MaxQueueWait.TotalSeconds / 100) + 1);
        Assert.Equal(1, batcher.Statistics.Rejected);

        gate.Set();
        await running;
        await Task.WhenAll(admitted);
        // Once the queue drained, requests are admitted again.
        await batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
    }

    [Fact]
    public void A_negative_or_huge_admitted_wait_is_refused_at_start_up()
    {
        Assert.Throws<ArgumentException>(() => new BatchingOptions { MaxQueueWait = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<ArgumentException>(() => new BatchingOptions { MaxQueueWait = TimeSpan.FromHours(1) }.Validate());
    }
}
