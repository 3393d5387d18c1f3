using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Pooling;
using Microsoft.Extensions.Time.Testing;

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
        // The batcher's clock is fake: a run lasts exactly as long as the test advances it. No window, so runs start at once.
        var time = new FakeTimeProvider();
        var options = new BatchingOptions { CollectionWindow = TimeSpan.Zero, MaxQueueWait = TimeSpan.FromSeconds(1), QueueCapacity = 10_000 };
        using var batcher = new BackboneBatcher(backbone, options, time: time);

        // Measure: one 100-token run held for 300 ms, so 333 tokens/s.
        var first = batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(TimeSpan.FromSeconds(20)));
        time.Advance(TimeSpan.FromMilliseconds(300));
        gate.Set();
        await first;
        // The rate is recorded just after the run's results are handed over.
        Assert.True(SpinWait.SpinUntil(() => batcher.TokensPerSecond > 0, TimeSpan.FromSeconds(20)));
        var rate = batcher.TokensPerSecond;
        Assert.Equal(100 / 0.3, rate, 6);

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
        // At 333 tokens/s the queued requests would wait 0.3, 0.6, 0.9 s; a fourth 1.2 s, over the admitted second.
        Assert.Equal(3, admitted.Count);
        Assert.Equal(1, batcher.Statistics.Rejected);

        gate.Set();
        await running;
        await Task.WhenAll(admitted);
        // Once the queue drained, requests are admitted again.
        await batcher.EnqueueAsync(Ids(100), [1], PoolingKind.Mean);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3600)]
    public void A_negative_or_huge_admitted_wait_is_refused(int seconds)
    {
        var failure = Assert.Single(OptionsCheck.Failures(new BatchingOptionsValidator(), new BatchingOptions { MaxQueueWait = TimeSpan.FromSeconds(seconds) },
            BatchingOptions.SectionName));
        Assert.StartsWith("Batching:MaxQueueWait:", failure);
    }
}
