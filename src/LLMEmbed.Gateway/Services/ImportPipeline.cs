using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Polly;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// One ImportExamples stream: rows are checked as they arrive and sent to the tenant grain in chunks of
/// TextsPerGrainCall (up to <see cref="RequestPieces.InFlight"/> at once, so the backbones never wait for
/// the stream). The grain featurizes each chunk and stores the rows in stream order, in one write per
/// <c>commitRows</c> rows and at the end; the gateway keeps only the rows' file lines until they are stored.
/// Every row before a failure that could be stored is stored; the error says how many and where to resume.
/// </summary>
internal sealed class ImportPipeline(ITenantGrain grain, TenantInfo tenant, int commitRows, bool truncate, string? importId, long skip,
    ResiliencePipeline overloadRetry, CancellationToken ct, bool unlabelled = false, CancellationToken drainDeadline = default)
{
    private readonly string _stream = Guid.NewGuid().ToString("N");
    private readonly Queue<Chunk> _inFlight = new();
    // Chunks sent whose rows are not all stored yet: their lines say where a failed import resumes.
    private readonly List<Chunk> _unstored = [];
    private readonly List<(LabeledExample Example, long? Line)> _open = [];
    private long _received, _committed, _total = tenant.Examples;
    private int _truncated, _index, _uncommitted;
    private long _windows;

    /// <summary>Rows of this import stored in this run.</summary>
    public long Committed => _committed;

    /// <summary>0-based stream position of the first row not stored.</summary>
    private long Stored => Math.Min(skip, _received) + _committed;

    public async Task AddAsync(Example row, long? line)
    {
        _received++;
        if (_received <= skip) return;
        LabeledExample example;
        try
        {
            var (checkedRow, cut) = RequestLimits.CheckExample(row.Text, row.Label, tenant, truncate, "", unlabelled, row.TaskLabels.FromProto());
            example = checkedRow with { Cut = cut };
        }
        catch (Exception e)
        {
            await StoreWhatCanBeStoredAsync();
            throw Failure(e, _received, line);
        }
        _open.Add((example, line));
        if (_open.Count == tenant.TextsPerGrainCall) await LaunchAsync();
    }

    public async Task<AddExamplesResponse> CompleteAsync()
    {
        await StoreWhatCanBeStoredAsync();
        // Queued rows live in the tenant grain's memory: if it moved to another silo meanwhile, they are gone.
        if (Stored < _received) throw Failure(LostRows(), Stored + 1, LineAt(Stored));
        // With nothing committed in this run (a resume of a finished import) _total is still the auth cache's count, which may predate the earlier run.
        if (_committed == 0) _total = (await grain.Describe()).Examples;
        return new AddExamplesResponse { Accepted = _committed, TotalExamples = _total, Truncated = _truncated, Skipped = Math.Min(skip, _received), Windows = _windows };
    }

    /// <summary>The source could not read the next row (a malformed line): store what came before, then the error to throw.</summary>
    public async Task<Exception> FailAsync(Exception error)
    {
        await StoreWhatCanBeStoredAsync();
        var line = error is MalformedRowException malformed ? malformed.Line : (long?)null;
        return Failure(error, _received + 1, line);
    }

    /// <summary>
    /// The gateway is stopping: rows not sent yet are dropped (never acknowledged: a resume sends them), the chunks
    /// in flight finish or are cancelled at the drain's deadline, what was featurized is stored, then the error to throw.
    /// </summary>
    public async Task<Exception> StopAsync(Exception error)
    {
        _received -= _open.Count;
        _open.Clear();
        await StoreWhatCanBeStoredAsync();
        return Failure(error, _received + 1, null);
    }

    /// <summary>Sends the open rows, waits for every chunk in flight and ends the stream, storing its rows.</summary>
    private async Task StoreWhatCanBeStoredAsync()
    {
        if (_open.Count > 0) await LaunchAsync();
        while (_inFlight.Count > 0) await AdvanceAsync();
        await EndAsync();
    }

    private async Task LaunchAsync()
    {
        var firstRow = _received - _open.Count; // 0-based stream position of the chunk's first row
        _uncommitted += _open.Count;
        var commit = _uncommitted >= commitRows;
        if (commit) _uncommitted = 0;
        var rows = new ImportChunk(_stream, _index++, firstRow, _open.Select(o => o.Example).ToArray(), truncate, importId, commit, unlabelled);
        var chunk = new Chunk(firstRow, _open.Select(o => o.Line).ToArray(), SendAsync(rows));
        _open.Clear();
        _inFlight.Enqueue(chunk);
        _unstored.Add(chunk);
        while (_inFlight.Count >= RequestPieces.InFlight) await AdvanceAsync();
    }

    private Task<AddExamplesResult> SendAsync(ImportChunk rows) =>
        overloadRetry.ExecuteAsync(async token =>
        {
            // Model work stops at the drain's deadline; the rows' storing (EndImport) runs on the call's own token.
            using var work = CancellationTokenSource.CreateLinkedTokenSource(token, drainDeadline);
            return await grain.ImportRows(rows, work.Token);
        }, ct).AsTask();

    /// <summary>Waits for the oldest chunk; on its failure stores the rows before it and throws the import's error.</summary>
    private async Task AdvanceAsync()
    {
        var chunk = _inFlight.Dequeue();
        try
        {
            Account(await chunk.Reply);
            return;
        }
        catch (Exception e)
        {
            // The grain stores nothing from the failed chunk on; the chunks in flight after it finish first.
            foreach (var later in _inFlight)
            {
                try { Account(await later.Reply); }
                catch (Exception) { /* the first failure is the one reported */ }
            }
            _inFlight.Clear();
            await EndAsync();
            if (e is OperationCanceledException && drainDeadline.IsCancellationRequested && !ct.IsCancellationRequested) e = Hosting.GatewayDrain.Refused();
            var bad = ImportFailure.ExampleIndex(e) is { } i && i < chunk.Lines.Length ? i : (int?)null;
            throw Failure(e, chunk.FirstRow + 1 + (bad ?? 0), bad is { } b ? chunk.Lines[b] : null);
        }
    }

    private async Task EndAsync()
    {
        try
        {
            Account(await grain.EndImport(_stream, store: true));
        }
        catch (Exception e)
        {
            throw Failure(e, Stored + 1, LineAt(Stored));
        }
    }

    internal static RpcException LostRows() => new(new Status(StatusCode.Unavailable,
        "the tenant moved to another silo during the import and the rows it had not stored yet were lost."));

    private void Account(AddExamplesResult result)
    {
        _committed += result.Accepted;
        _total = Math.Max(_total, result.TotalExamples);
        _truncated += result.Truncated;
        _windows += result.Windows;
        GatewayTelemetry.ImportedRows.Add(result.Accepted);
        _unstored.RemoveAll(c => c.FirstRow + c.Lines.Length <= Stored);
    }

    private long? LineAt(long position) =>
        _unstored.FirstOrDefault(c => position >= c.FirstRow && position < c.FirstRow + c.Lines.Length) is { } c ? c.Lines[position - c.FirstRow] : null;

    /// <param name="row">1-based stream row the error is about; <paramref name="line"/> its file line, when known.</param>
    private Exception Failure(Exception error, long row, long? line) =>
        ImportFailure.At(error, row, line, Stored, LineAt(Stored) ?? (Stored == row - 1 ? line : null), importId is not null);

    private sealed record Chunk(long FirstRow, long?[] Lines, Task<AddExamplesResult> Reply);
}
