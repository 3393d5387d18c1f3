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
    private long _batches, _sequences, _rejected, _dropped;
    private int _largestBatch;

    /// <param name="tags">Extra tags on every metric (e.g. the replica's silo), after "backbone".</param>
    public BackboneBatcher(IBackbone backbone, BatchingOptions options, ILogger? logger = null, TimeProvider? time = null,
        IReadOnlyList<KeyValuePair<string, object?>>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Backbone = backbone;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        var tagList = new TagList { { "backbone", backbone.Manifest.Id } };
        foreach (var tag in tags ?? []) tagList.Add(tag);
        _tag = tagList;
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
                return new(_batches, _sequences, _largestBatch, _rejected, _dropped, _pending.Count);
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
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_pending.Count + batch.Count > _options.QueueCapacity)
            {
                _rejected += batch.Count;
                BackboneMetrics.Rejected.Add(batch.Count, _tag);
                return Task.FromException<PooledLayers>(
                    new BackboneOverloadedException(BackboneId, _pending.Count, batch.Count, _options.QueueCapacity));
            }
            var group = GroupOf(tapsCopy, pooling);
            for (var i = 0; i < batch.Count; i++)
            {
                entries[i] = new PendingEntry(batch.Sequence(i).ToArray(), tapsCopy, pooling, group, now);
                _pending.Add(entries[i]);
            }
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

    private static async Task<PooledLayers> GatherAsync(PendingEntry[] entries, int taps, CancellationTokenRegistration registration)
    {
        using (registration)
        {
            if (entries.Length == 1) return await entries[0].Completion.Task.ConfigureAwait(false);
            var parts = new PooledLayers[entries.Length];
            for (var i = 0; i < entries.Length; i++) parts[i] = await entries[i].Completion.Task.ConfigureAwait(false);
            var hidden = parts[0].Hidden;
            var data = new float[entries.Length * taps * hidden];
            for (var i = 0; i < parts.Length; i++) parts[i].Data.CopyTo(data, i * taps * hidden);
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
                _wake.Wait(wait);
                continue;
            }
            Execute(batch);
        }
        FailPending(new ObjectDisposedException(nameof(BackboneBatcher), $"The batcher of backbone '{BackboneId}' was stopped."));
    }

    private void DropCancelled()
    {
        var dropped = _pending.RemoveAll(e => e.Completion.Task.IsCompleted);
        if (dropped == 0) return;
        _dropped += dropped;
        BackboneMetrics.Dropped.Add(dropped, _tag);
        BackboneMetrics.QueueDepth.Add(-dropped, _tag);
    }

    private List<PendingEntry> Take(IReadOnlyList<int> indices)
    {
        var taken = indices.Select(i => _pending[i]).ToList();
        foreach (var index in indices.OrderByDescending(i => i)) _pending.RemoveAt(index);
        BackboneMetrics.QueueDepth.Add(-taken.Count, _tag);
        _batches++;
        _sequences += taken.Count;
        _largestBatch = Math.Max(_largestBatch, taken.Count);
        return taken;
    }

    private void Execute(List<PendingEntry> batch)
    {
        // A caller may have cancelled between planning and now: don't spend the model on it.
        batch.RemoveAll(e => e.Completion.Task.IsCompleted);
        if (batch.Count == 0) return;
        BackboneMetrics.BatchSize.Record(batch.Count, _tag);
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var run in PaddingSplitter.Split(batch.Select(e => e.Ids.Length).ToArray(), _options.MaxPaddingRatio, _options.MaxRunSize))
            {
                var members = run.Select(i => batch[i]).ToList();
                var tokens = TokenBatch.FromSequences(members.Select(e => e.Ids).ToList());
                var result = Backbone.Run(tokens, members[0].Taps, members[0].Pooling);
                if (result.Sequences != members.Count || result.Taps != members[0].Taps.Length)
                    throw new InvalidOperationException(
                        $"Backbone '{BackboneId}' returned {result.Sequences}x{result.Taps} vectors for {members.Count}x{members[0].Taps.Length} requested.");
                var width = result.Taps * result.Hidden;
                for (var i = 0; i < members.Count; i++)
                    members[i].Completion.TrySetResult(new PooledLayers(1, result.Taps, result.Hidden, result.Data.AsSpan(i * width, width).ToArray()));
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Backbone {Backbone} failed on a batch of {Count} sequences", BackboneId, batch.Count);
            foreach (var entry in batch) entry.Completion.TrySetException(ex);
        }
        BackboneMetrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _tag);
    }

    private void FailPending(Exception error)
    {
        List<PendingEntry> left;
        lock (_gate)
        {
            left = [.. _pending];
            BackboneMetrics.QueueDepth.Add(-left.Count, _tag);
            _pending.Clear();
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
        public TaskCompletionSource<PooledLayers> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
