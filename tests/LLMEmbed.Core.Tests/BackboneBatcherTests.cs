using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Tests;

public class BackboneBatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static BatchingOptions Options(int capacity = 1024, int maxRunSize = 64, int windowMs = 4, int overhead = 64) =>
        new() { TokenBudget = 8192, PlanningPool = 64, MaxRunSize = maxRunSize, QueueCapacity = capacity,
            CollectionWindow = TimeSpan.FromMilliseconds(windowMs), RunOverheadTokens = overhead };

    [Fact]
    public async Task Single_sequence_gets_its_own_vectors()
    {
        var backbone = new RecordingTestBackbone();
        using var batcher = new BackboneBatcher(backbone, Options());
        var result = await batcher.EnqueueAsync([5, 7, 9], [0, 2], PoolingKind.Max).WaitAsync(Timeout);
        Assert.Equal((1, 2, RecordingTestBackbone.Hidden), (result.Sequences, result.Taps, result.Hidden));
        Assert.Equal(RecordingTestBackbone.Expected([5, 7, 9], 0, PoolingKind.Max), result.Vector(0, 0).ToArray());
        Assert.Equal(RecordingTestBackbone.Expected([5, 7, 9], 2, PoolingKind.Max), result.Vector(0, 1).ToArray());
    }

    [Fact]
    public async Task Multi_sequence_request_keeps_its_order()
    {
        using var batcher = new BackboneBatcher(new RecordingTestBackbone(), Options());
        var sequences = new[] { new[] { 1 }, new[] { 2, 3 }, new[] { 4, 5, 6 } };
        var result = await batcher.EnqueueAsync(TokenBatch.FromSequences(sequences), [1], PoolingKind.Mean).WaitAsync(Timeout);
        Assert.Equal(3, result.Sequences);
        for (var i = 0; i < sequences.Length; i++)
            Assert.Equal(RecordingTestBackbone.Expected(sequences[i], 1, PoolingKind.Mean), result.Vector(i, 0).ToArray());
    }

    [Fact]
    public async Task Concurrent_requests_share_model_runs()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options());
        await PileUpTwentyBehindOne(batcher, backbone, gate);
        Assert.Equal(2, backbone.Batches.Count);
        Assert.Equal(20, backbone.Batches[1].Length);
        Assert.Equal(20, batcher.Statistics.LargestBatch);
    }

    [Fact]
    public async Task A_piled_up_queue_runs_in_runs_of_at_most_MaxRunSize()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options(maxRunSize: 8));
        await PileUpTwentyBehindOne(batcher, backbone, gate);
        Assert.Single(backbone.Batches[0]);
        Assert.All(backbone.Batches, b => Assert.InRange(b.Length, 1, 8));
        Assert.Equal(21, backbone.Batches.Sum(b => b.Length));
        // Three runs at least hold the 20 (at most 8 each); one planned batch per run.
        Assert.InRange(backbone.Batches.Count, 4, 21);
        Assert.Equal(backbone.Batches.Count, batcher.Statistics.Batches);
    }

    [Fact]
    public async Task Statistics_count_the_runs_their_sizes_and_padded_tokens()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options(windowMs: 0, overhead: 2));
        var first = batcher.EnqueueAsync([1, 2, 3], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        // At 2 tokens a run, lengths 4 and 5 share one (2 + 10 < 2 + 4 + 2 + 5); 1 token next to 5 would pad 4 more than its own run costs.
        var rest = new int[][] { [1, 1, 1, 1], [2, 2, 2, 2, 2], [3] }.Select(ids => batcher.EnqueueAsync(ids, [0], PoolingKind.Mean)).ToArray();
        gate.Set();
        await Task.WhenAll(rest.Append(first)).WaitAsync(Timeout);
        var runs = batcher.Statistics.ExecutedRuns;
        Assert.Equal(backbone.Batches.Count, runs.Runs);
        Assert.Equal(4, runs.Sequences);
        Assert.Equal(3 + 4 + 5 + 1, runs.RealTokens);
        Assert.Equal(backbone.Batches.Sum(b => (long)b.Length * b.Max(ids => ids.Length)), runs.PaddedTokens);
        Assert.Equal(3 + 10 + 1, runs.PaddedTokens);
        Assert.Equal(2, runs.SizeCounts[1]);
        Assert.Equal(1, runs.SizeCounts[2]);
        Assert.Equal(14.0 / 13, runs.PaddingRatio, 9);
    }

    /// <summary>
    /// Keeps the model busy on one request while 20 more queue (they pile up and leave together once it
    /// is released), then checks that every caller got its own vectors.
    /// </summary>
    private static async Task PileUpTwentyBehindOne(BackboneBatcher batcher, RecordingTestBackbone backbone, ManualResetEventSlim gate)
    {
        var first = batcher.EnqueueAsync([1], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        var rest = Enumerable.Range(2, 20).Select(i => batcher.EnqueueAsync([i, i], [0], PoolingKind.Mean)).ToArray();
        gate.Set();
        var results = await Task.WhenAll(rest).WaitAsync(Timeout);
        await first.WaitAsync(Timeout);
        for (var i = 0; i < results.Length; i++)
            Assert.Equal(RecordingTestBackbone.Expected([i + 2, i + 2], 0, PoolingKind.Mean), results[i].Vector(0, 0).ToArray());
    }

    [Fact]
    public async Task Different_taps_or_pooling_never_share_a_run()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options());
        var first = batcher.EnqueueAsync([1], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        var a = batcher.EnqueueAsync([2], [0], PoolingKind.Mean);
        var b = batcher.EnqueueAsync([3], [1], PoolingKind.Mean);
        var c = batcher.EnqueueAsync([4], [0], PoolingKind.First);
        gate.Set();
        await Task.WhenAll(first, a, b, c).WaitAsync(Timeout);
        Assert.Equal(RecordingTestBackbone.Expected([3], 1, PoolingKind.Mean), (await b).Vector(0, 0).ToArray());
        Assert.Equal(RecordingTestBackbone.Expected([4], 0, PoolingKind.First), (await c).Vector(0, 0).ToArray());
        Assert.Equal(4, backbone.Batches.Count);
        Assert.All(backbone.Batches, batch => Assert.Single(batch));
    }

    [Fact]
    public async Task Full_queue_rejects_at_once_with_a_typed_error()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options(capacity: 3));
        var running = batcher.EnqueueAsync([1], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        var queued = Enumerable.Range(0, 3).Select(i => batcher.EnqueueAsync([i + 10], [0], PoolingKind.Mean)).ToArray();
        var refused = batcher.EnqueueAsync([99], [0], PoolingKind.Mean);
        Assert.True(refused.IsFaulted);
        var error = await Assert.ThrowsAsync<BackboneOverloadedException>(() => refused);
        Assert.Equal(3, error.Capacity);
        Assert.Contains("capacity 3", error.Message);
        Assert.Equal(1, batcher.Statistics.Rejected);
        gate.Set();
        await Task.WhenAll(queued.Append(running)).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Cancelled_requests_never_reach_the_model()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate };
        using var batcher = new BackboneBatcher(backbone, Options());
        var running = batcher.EnqueueAsync([1], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        using var cts = new CancellationTokenSource();
        var abandoned = batcher.EnqueueAsync([777], [0], PoolingKind.Mean, cts.Token);
        var kept = batcher.EnqueueAsync([2], [0], PoolingKind.Mean);
        cts.Cancel();
        gate.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Timeout));
        await Task.WhenAll(running, kept).WaitAsync(Timeout);
        Assert.DoesNotContain(backbone.Batches, batch => batch.Any(ids => ids.Contains(777)));
    }

    [Fact]
    public async Task Model_failure_reaches_every_caller_of_the_batch()
    {
        using var gate = new ManualResetEventSlim(false);
        var backbone = new RecordingTestBackbone { Gate = gate, FailWith = new InvalidOperationException("boom") };
        using var batcher = new BackboneBatcher(backbone, Options());
        var first = batcher.EnqueueAsync([1], [0], PoolingKind.Mean);
        Assert.True(backbone.Entered.Wait(Timeout));
        // Five callers enqueue from their own pool threads while the model is busy, so they leave together as one batch.
        var callers = await Task.WhenAll(Enumerable.Range(2, 5).Select(i =>
            Task.Factory.StartNew(() => batcher.EnqueueAsync([i, i], [0], PoolingKind.Mean), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)));
        gate.Set();
        foreach (var caller in callers.Prepend(first))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.WaitAsync(Timeout));
            Assert.Equal("boom", error.Message);
        }
        // One failed run for the five: its failure reached each caller of that batch.
        Assert.Equal([1, 5], backbone.Batches.Select(b => b.Length));
    }

    [Fact]
    public void Taps_outside_the_model_are_refused()
    {
        using var batcher = new BackboneBatcher(new RecordingTestBackbone(layers: 4), Options());
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = batcher.EnqueueAsync([1], [5], PoolingKind.Mean); });
        Assert.Throws<ArgumentException>(() => { _ = batcher.EnqueueAsync([1], [], PoolingKind.Mean); });
    }

    [Fact]
    public void Dispose_disposes_the_backbone()
    {
        var backbone = new RecordingTestBackbone();
        var batcher = new BackboneBatcher(backbone, Options());
        batcher.Dispose();
        Assert.True(backbone.Disposed);
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.EnqueueAsync([1], [0], PoolingKind.Mean); });
    }
}
