using System.Reflection;
using Grpc.Core;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Time.Testing;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>
/// The gateway's half of an import, against a tenant grain that records what it is sent: rows go out in
/// bounded chunks, a few in flight, with commit points; a refusal by overloaded backbones is retried with
/// back-off (on a fake clock); a failure ends the stream, storing the rows before it, and says so.
/// </summary>
public sealed class ImportPipelineTests
{
    private static readonly TenantInfo Tenant = new("t", "last", 2, 0, 0, DateTimeOffset.UnixEpoch, TenantLimits.Default, false,
        TextsPerGrainCall: 4, MaxTokensPerText: 512);

    private static ImportPipeline Pipeline(RecordingTenantGrain fake, FakeTimeProvider? time = null, CancellationToken ct = default) =>
        new(fake.Proxy, Tenant, commitRows: 10, truncate: false, importId: null, skip: 0, OverloadRetry.Create(time ?? new FakeTimeProvider()), ct);

    private static async Task AddRowsAsync(ImportPipeline pipeline, int count, Func<int, string>? label = null)
    {
        for (var i = 0; i < count; i++)
            await pipeline.AddAsync(new Api.Example { Text = $"text {i}", Label = label?.Invoke(i) ?? "a" }, 10 + i);
    }

    [Fact]
    public async Task Rows_go_out_in_bounded_chunks_a_few_in_flight_with_commit_points_and_one_end()
    {
        var fake = RecordingTenantGrain.Create();
        var pipeline = Pipeline(fake);
        await AddRowsAsync(pipeline, 22);
        var result = await pipeline.CompleteAsync();

        Assert.Equal(22, result.Accepted);
        Assert.Equal([4, 4, 4, 4, 4, 2], fake.Ordered.Select(c => c.Rows.Length));
        Assert.Equal([0, 1, 2, 3, 4, 5], fake.Ordered.Select(c => c.Index));
        Assert.Equal([0L, 4, 8, 12, 16, 20], fake.Ordered.Select(c => c.FirstRow));
        Assert.Equal(Enumerable.Range(0, 22).Select(i => $"text {i}"), fake.Ordered.SelectMany(c => c.Rows).Select(r => r.Text));
        Assert.Equal([false, false, true, false, false, true], fake.Ordered.Select(c => c.Commit)); // every 10 rows or more
        Assert.Single(fake.Ordered.Select(c => c.Stream).Distinct());
        Assert.InRange(fake.PeakInFlight, 1, RequestPieces.InFlight);
        Assert.Equal([true], fake.Ends);
    }

    [Fact]
    public async Task Rows_task_labels_reach_the_tenant_grain_and_a_row_may_label_only_named_tasks()
    {
        var fake = RecordingTenantGrain.Create();
        var pipeline = Pipeline(fake);
        await pipeline.AddAsync(new Api.Example { Text = "a", TaskLabels = { new Api.TaskLabel { Task = "tags", Labels = { "x", "y" } } } }, 1);
        await pipeline.AddAsync(new Api.Example { Text = "b", Label = "a", TaskLabels = { new Api.TaskLabel { Task = "flags" } } }, 2);
        await pipeline.AddAsync(new Api.Example { Text = "c", Label = "a" }, 3);
        var result = await pipeline.CompleteAsync();

        Assert.Equal(3, result.Accepted);
        var rows = fake.Ordered.SelectMany(c => c.Rows).ToArray();
        Assert.Equal(["", "a", "a"], rows.Select(r => r.Label));
        Assert.Equal(["x", "y"], Assert.Single(rows[0].Tasks!).Labels);
        Assert.Empty(Assert.Single(rows[1].Tasks!).Labels); // "none of these" for a multi-label task
        Assert.Null(rows[2].Tasks);
    }

    [Fact]
    public async Task A_chunk_refused_by_overloaded_backbones_is_sent_again_after_a_back_off()
    {
        var time = new FakeTimeProvider();
        var fake = RecordingTenantGrain.Create(refusals: 3);
        var pipeline = Pipeline(fake, time);
        var import = Task.Run(async () =>
        {
            await AddRowsAsync(pipeline, 6);
            return await pipeline.CompleteAsync();
        });
        while (!import.IsCompleted)
        {
            time.Advance(OverloadRetry.MaxDelay); // each wait is at most MaxDelay
            await Task.WhenAny(import, Task.Run(() => { }));
        }

        Assert.Equal(6, (await import).Accepted);
        Assert.Equal(3 + 2, fake.Attempts); // the first chunk three times refused, then both accepted
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"text {i}"), fake.Ordered.SelectMany(c => c.Rows).Select(r => r.Text));
    }

    [Fact]
    public async Task Refusals_past_the_retry_budget_stop_the_import_with_what_was_stored_before()
    {
        var time = new FakeTimeProvider();
        var fake = RecordingTenantGrain.Create(refusals: int.MaxValue, refuseFrom: 1);
        var pipeline = Pipeline(fake, time);
        var import = Task.Run(async () =>
        {
            await AddRowsAsync(pipeline, 8);
            return await pipeline.CompleteAsync();
        });
        while (!import.IsCompleted)
        {
            time.Advance(OverloadRetry.MaxDelay);
            await Task.WhenAny(import, Task.Run(() => { }));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => import);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("4 rows are committed; resume from line 14", error.Status.Detail);
        Assert.Equal(1 + 1 + OverloadRetry.MaxRetries, fake.Attempts);
        Assert.Equal([true], fake.Ends);
    }

    [Fact]
    public async Task A_bad_row_in_a_chunk_stores_the_chunks_before_it_and_names_its_line()
    {
        var fake = RecordingTenantGrain.Create();
        var pipeline = Pipeline(fake);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await AddRowsAsync(pipeline, 12, i => i == 9 ? "bad" : "a");
            await pipeline.CompleteAsync();
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("line 19: label: unknown label 'bad'. Import stopped: 8 rows are committed; resume from line 18", error.Status.Detail);
        Assert.Equal(8, pipeline.Committed);
        Assert.Equal([true], fake.Ends);
    }

    [Fact]
    public async Task A_cancelled_import_stops_waiting_out_a_refusal_and_still_ends_its_stream()
    {
        using var cancel = new CancellationTokenSource();
        var fake = RecordingTenantGrain.Create(refusals: int.MaxValue, onRefusal: cancel.Cancel);
        var pipeline = Pipeline(fake, ct: cancel.Token);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await AddRowsAsync(pipeline, 4);
            await pipeline.CompleteAsync();
        });
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal([true], fake.Ends);
    }

    [Fact]
    public async Task Rows_the_grain_lost_before_the_end_fail_the_import_instead_of_vanishing()
    {
        var fake = RecordingTenantGrain.Create(loseFrom: 2);
        var pipeline = Pipeline(fake);
        await AddRowsAsync(pipeline, 12);
        var error = await Assert.ThrowsAsync<RpcException>(pipeline.CompleteAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("line 18: the tenant moved", error.Status.Detail);
        Assert.Contains("8 rows are committed; resume from line 18", error.Status.Detail);
    }

    /// <summary>
    /// A tenant grain that records chunks: the first <c>refusals</c> calls from chunk <c>refuseFrom</c> on are
    /// refused as overloaded, a row labelled "bad" fails its chunk, and the end stores the chunks before the first failure
    /// (and before <c>loseFrom</c>, as if the grain had moved and lost the rest).
    /// </summary>
    public class RecordingTenantGrain : DispatchProxy
    {
        private readonly object _lock = new();
        private int _refusals, _refuseFrom, _inFlight, _loseFrom = int.MaxValue;
        private int? _failedAt;
        private Action? _onRefusal;
        public ITenantGrain Proxy { get; private set; } = null!;
        public List<ImportChunk> Chunks { get; } = [];
        public IEnumerable<ImportChunk> Ordered => Chunks.OrderBy(c => c.Index);
        public List<bool> Ends { get; } = [];
        public int Attempts { get; private set; }
        public int PeakInFlight { get; private set; }

        public static RecordingTenantGrain Create(int refusals = 0, int refuseFrom = 0, Action? onRefusal = null, int loseFrom = int.MaxValue)
        {
            var proxy = Create<ITenantGrain, RecordingTenantGrain>();
            var fake = (RecordingTenantGrain)(object)proxy;
            (fake.Proxy, fake._refusals, fake._refuseFrom, fake._onRefusal, fake._loseFrom) = (proxy, refusals, refuseFrom, onRefusal, loseFrom);
            return fake;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            nameof(ITenantGrain.ImportRows) => ImportRowsAsync((ImportChunk)args![0]!),
            nameof(ITenantGrain.EndImport) => Task.FromResult(End((bool)args![1]!)),
            _ => throw new NotSupportedException(method?.Name),
        };

        private async Task<AddExamplesResult> ImportRowsAsync(ImportChunk chunk)
        {
            lock (_lock)
            {
                Attempts++;
                PeakInFlight = Math.Max(PeakInFlight, ++_inFlight);
            }
            await Task.Yield();
            lock (_lock)
            {
                _inFlight--;
                if (chunk.Index >= _refuseFrom && _refusals > 0)
                {
                    _refusals--;
                    _onRefusal?.Invoke();
                    throw new BackboneOverloadedGrainException("b", 1, "The backbone queue is full.");
                }
                var bad = Array.FindIndex(chunk.Rows, r => r.Label == "bad");
                if (bad >= 0)
                {
                    _failedAt = Math.Min(_failedAt ?? int.MaxValue, chunk.Index);
                    throw new InvalidRequestException($"examples[{bad}].label: unknown label 'bad'.", $"examples[{bad}].label");
                }
                Chunks.Add(chunk);
                return new AddExamplesResult(0, 0, 0);
            }
        }

        private AddExamplesResult End(bool store)
        {
            lock (_lock)
            {
                Ends.Add(store);
                var stored = Chunks.Where(c => c.Index < Math.Min(_failedAt ?? int.MaxValue, _loseFrom)).OrderBy(c => c.Index)
                    .TakeWhile((c, i) => c.Index == i).Sum(c => c.Rows.Length);
                return new AddExamplesResult(stored, stored, 0, stored);
            }
        }
    }
}
