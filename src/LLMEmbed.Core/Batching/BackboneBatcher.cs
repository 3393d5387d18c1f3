using System.Diagnostics;
using System.Diagnostics.Metrics;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Pooling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LLMEmbed.Core.Batching;

/// <summary>
/// Owns one <see cref="IBackbone"/> and feeds it batches built from concurrent requests.
/// One per backbone per process. The model runs synchronously on a dedicated thread, never on
/// the thread pool or an actor scheduler, so long runs cannot starve them.
/// </summary>
public sealed class BackboneBatcher : IDisposable
{
    /// <summary>Meter name of the batching instruments (batch size, queue depth, rejections).</summary>
    public const string MeterName = BackboneMetrics.MeterName;

    private readonly BatchingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TagList _tag;
    private readonly object _gate = new();
    private readonly List<PendingEntry> _pending = [];
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _loop;
    private bool _stopping;
    private long _batches, _sequences, _rejected, _dropped, _pendingTokens;
    private double _tokensPerSecond; // measured model throughput (moving average); 0 until the first run
    private int _largestBatch;
    private long _runs, _runSequences, _runRealTokens, _runPaddedTokens;
    private readonly long[] _runSizes; // _runSizes[n] = model runs of n sequences

    /// <param name="tags">Extra tags on every metric (e.g. the replica's silo), after "backbone".</param>
    public BackboneBatcher(IBackbone backbone, BatchingOptions options, ILogger? logger = null, TimeProvider? time = null,
        IReadOnlyList<KeyValuePair<string, object?>>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(options);
        Backbone = backbone;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        var tagList = new TagList { { "backbone", backbone.Manifest.Id } };
        foreach (var tag in tags ?? []) tagList.Add(tag);
        _tag = tagList;
        _runSizes = new long[options.MaxRunSize + 1];
        _loop = new Thread(RunLoop) { IsBackground = true, Name = $"llmembed-batcher-{backbone.Manifest.Id}" };
        _loop.Start();
    }

    public IBackbone Backbone { get; }

    public string BackboneId => Backbone.Manifest.Id;

    public BatcherStatistics Statistics
    {
        get
        {
            lock (_gate)
                return new(_batches, _sequences, _largestBatch, _rejected, _dropped, _pending.Count,
                    new RunStatistics(_runs, _runSequences, _runRealTokens, _runPaddedTokens, [.. _runSizes]));
        }
    }

    /// <summary>Embeds one token sequence (already truncated). Result: 1 sequence x taps x hidden.</summary>
    public Task<PooledLayers> EnqueueAsync(int[] ids, IReadOnlyList<int> taps, PoolingKind pooling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return EnqueueAsync(TokenBatch.FromSequences([ids]), taps, pooling, cancellationToken);
    }

    /// <summary>
    /// Embeds every sequence of <paramref name="batch"/>; each may share a model run with other
    /// callers' sequences. Fails at once with <see cref="BackboneOverloadedException"/> when the
    /// queue cannot take them all. Cancelling drops sequences not yet run.
    /// </summary>
    public Task<PooledLayers> EnqueueAsync(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(taps);
        if (batch.Count == 0) throw new ArgumentException("The batch holds no sequence.", nameof(batch));
        if (taps.Count == 0) throw new ArgumentException("At least one tap is required.", nameof(taps));
        var layers = Backbone.Manifest.Layers;
        foreach (var tap in taps)
            if (tap < 0 || tap > layers)
                throw new ArgumentOutOfRangeException(nameof(taps), tap, $"Tap must lie in 0..{layers} for backbone '{BackboneId}'.");
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<PooledLayers>(cancellationToken);

        var tapsCopy = taps.ToArray();
        var now = _time.GetElapsedTime(0);
        var entries = new PendingEntry[batch.Count];
        long tokens = 0;
        for (var i = 0; i < batch.Count; i++) tokens += batch.Sequence(i).Length;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (Refusal(batch.Count, tokens) is { } refused)
            {
                _rejected += batch.Count;
                BackboneMetrics.Rejected.Add(batch.Count, _tag);
                return Task.FromException<PooledLayers>(refused);
            }
            var group = GroupOf(tapsCopy, pooling);
            for (var i = 0; i < batch.Count; i++)
            {
                entries[i] = new PendingEntry(batch.Sequence(i).ToArray(), tapsCopy, pooling, group, now);
                _pending.Add(entries[i]);
            }
            _pendingTokens += tokens;
            BackboneMetrics.QueueDepth.Add(batch.Count, _tag);
            _wake.Set();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(static state =>
            {
                foreach (var entry in (PendingEntry[])state!) entry.Completion.TrySetCanceled();
            }, entries);
            return GatherAsync(entries, tapsCopy.Length, registration);
        }
        return GatherAsync(entries, tapsCopy.Length, default);
    }

    /// <summary>
    /// Admission (under the gate): refused when the queue would exceed its capacity, or when the
    /// queued tokens at the measured throughput would wait longer than MaxQueueWait. A request is
    /// admitted into an empty queue whatever its size, so one large call is never refused forever.
    /// </summary>
    private BackboneOverloadedException? Refusal(int sequences, long tokens)
    {
        if (_pending.Count + sequences > _options.QueueCapacity)
            return new BackboneOverloadedException(BackboneId, _pending.Count, sequences, _options.QueueCapacity);
        if (_options.MaxQueueWait <= TimeSpan.Zero || _tokensPerSecond <= 0 || _pending.Count == 0) return null;
        var wait = TimeSpan.FromSeconds((_pendingTokens + tokens) / _tokensPerSecond);
        return wait > _options.MaxQueueWait
            ? new BackboneOverloadedException(BackboneId, wait, _options.MaxQueueWait, _pending.Count, sequences, _options.QueueCapacity)
            : null;
    }

    /// <summary>Queued tokens per second of measured model throughput (0 before the first run).</summary>
    public double TokensPerSecond
    {
        get
        {
            lock (_gate) return _tokensPerSecond;
        }
    }

    private static async Task<PooledLayers> GatherAsync(PendingEntry[] entries, int taps, CancellationTokenRegistration registration)
    {
        using (registration)
        {
            // Each entry completes with its row of a shared model-run result: copied once, here, into the caller's block.
            var first = await entries[0].Completion.Task.ConfigureAwait(false);
            if (entries.Length == 1 && first.Run.Sequences == 1) return first.Run;
            var hidden = first.Run.Hidden;
            var width = taps * hidden;
            var data = new float[entries.Length * width];
            first.Run.Sequence(first.Row).CopyTo(data);
            for (var i = 1; i < entries.Length; i++)
            {
                var slice = await entries[i].Completion.Task.ConfigureAwait(false);
                slice.Run.Sequence(slice.Row).CopyTo(data.AsSpan(i * width, width));
            }
            return new PooledLayers(entries.Length, taps, hidden, data);
        }
    }

    private int GroupOf(int[] taps, PoolingKind pooling)
    {
        var key = $"{pooling}:{string.Join(',', taps)}";
        if (!_groups.TryGetValue(key, out var group))
        {
            group = _groups.Count;
            _groups[key] = group;
        }
        return group;
    }

    private void RunLoop()
    {
        while (true)
        {
            List<PendingEntry>? batch = null;
            var wait = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                if (_stopping) break;
                DropCancelled();
                if (_pending.Count > 0)
                {
                    var view = new PendingSequence[_pending.Count];
                    for (var i = 0; i < view.Length; i++)
                        view[i] = new PendingSequence(_pending[i].Ids.Length, _pending[i].EnqueuedAt, _pending[i].Group);
                    var plan = BatchPlanner.Plan(view, _options, _time.GetElapsedTime(0));
                    if (plan.Ready) batch = Take(plan.Indices);
                    else wait = plan.WaitFor;
                }
                if (batch is null) _wake.Reset();
            }
            if (batch is null)
            {
                // The collection window is timed on the batcher's clock, so a fake clock drives it in tests.
                using var timer = wait == Timeout.InfiniteTimeSpan
                    ? null
                    : _time.CreateTimer(static wake => ((ManualResetEventSlim)wake!).Set(), _wake, wait, Timeout.InfiniteTimeSpan);
                _wake.Wait();
                continue;
            }
            Execute(batch);
        }
        FailPending(new ObjectDisposedException(nameof(BackboneBatcher), $"The batcher of backbone '{BackboneId}' was stopped."));
    }

    private void DropCancelled()
    {
        var tokens = 0L;
        var dropped = _pending.RemoveAll(e =>
        {
            if (!e.Completion.Task.IsCompleted) return false;
            tokens += e.Ids.Length;
            return true;
        });
        if (dropped == 0) return;
        _pendingTokens -= tokens;
        _dropped += dropped;
        BackboneMetrics.Dropped.Add(dropped, _tag);
        BackboneMetrics.QueueDepth.Add(-dropped, _tag);
    }

    private List<PendingEntry> Take(IReadOnlyList<int> indices)
    {
        var taken = indices.Select(i => _pending[i]).ToList();
        foreach (var index in indices.OrderByDescending(i => i)) _pending.RemoveAt(index);
        foreach (var entry in taken) _pendingTokens -= entry.Ids.Length;
        BackboneMetrics.QueueDepth.Add(-taken.Count, _tag);
        _batches++;
        _sequences += taken.Count;
        _largestBatch = Math.Max(_largestBatch, taken.Count);
        return taken;
    }

    private void Execute(List<PendingEntry> run)
    {
        // A caller may have cancelled between planning and now: don't spend the model on it.
        run.RemoveAll(e => e.Completion.Task.IsCompleted);
        if (run.Count == 0) return;
        BackboneMetrics.BatchSize.Record(run.Count, _tag);
        var started = _time.GetTimestamp();
        var ran = false;
        try
        {
            var tokens = TokenBatch.FromSequences(run.Select(e => e.Ids).ToList());
            var result = Backbone.Run(tokens, run[0].Taps, run[0].Pooling);
            if (result.Sequences != run.Count || result.Taps != run[0].Taps.Length)
                throw new InvalidOperationException(
                    $"Backbone '{BackboneId}' returned {result.Sequences}x{result.Taps} vectors for {run.Count}x{run[0].Taps.Length} requested.");
            for (var i = 0; i < run.Count; i++) run[i].Completion.TrySetResult(new RunSlice(result, i));
            Count(run.Count, tokens.TotalTokens, (long)run.Count * tokens.MaxLength);
            ran = true;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Backbone {Backbone} failed on a run of {Count} sequences", BackboneId, run.Count);
            foreach (var entry in run) entry.Completion.TrySetException(ex);
        }
        var elapsed = _time.GetElapsedTime(started);
        BackboneMetrics.BatchDuration.Record(elapsed.TotalSeconds, _tag);
        if (ran) Measure(run.Sum(e => (long)e.Ids.Length), elapsed);
    }

    private void Count(int sequences, long real, long padded)
    {
        lock (_gate)
        {
            _runs++;
            _runSequences += sequences;
            _runRealTokens += real;
            _runPaddedTokens += padded;
            _runSizes[Math.Min(sequences, _runSizes.Length - 1)]++;
        }
    }

    /// <summary>Moving average of real (unpadded) tokens per second, the admission estimate's divisor.</summary>
    private void Measure(long tokens, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero || tokens == 0) return;
        var rate = tokens / elapsed.TotalSeconds;
        lock (_gate) _tokensPerSecond = _tokensPerSecond <= 0 ? rate : 0.7 * _tokensPerSecond + 0.3 * rate;
    }

    private void FailPending(Exception error)
    {
        List<PendingEntry> left;
        lock (_gate)
        {
            left = [.. _pending];
            BackboneMetrics.QueueDepth.Add(-left.Count, _tag);
            _pending.Clear();
            _pendingTokens = 0;
        }
        foreach (var entry in left) entry.Completion.TrySetException(error);
    }

    /// <summary>Stops the loop after the running batch, fails what is still queued, disposes the backbone.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            _wake.Set();
        }
        _loop.Join();
        _wake.Dispose();
        Backbone.Dispose();
    }

    private sealed class PendingEntry(int[] ids, int[] taps, PoolingKind pooling, int group, TimeSpan enqueuedAt)
    {
        public int[] Ids { get; } = ids;
        public int[] Taps { get; } = taps;
        public PoolingKind Pooling { get; } = pooling;
        public int Group { get; } = group;
        public TimeSpan EnqueuedAt { get; } = enqueuedAt;
        public TaskCompletionSource<RunSlice> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One sequence's row of a model run's result, handed over without copying (the run is never changed).</summary>
    private readonly record struct RunSlice(PooledLayers Run, int Row);
}
