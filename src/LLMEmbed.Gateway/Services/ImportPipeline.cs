using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// One ImportExamples stream: rows are checked as they arrive, featurized in pieces of
/// TextsPerGrainCall (up to <see cref="RequestPieces.InFlight"/> pieces at once, so the backbones
/// never wait for the stream) and committed strictly in stream order, several pieces per write.
/// Every row before a failure that could be stored is stored; the error says how many and where to resume.
/// </summary>
internal sealed class ImportPipeline(ITenantGrain grain, TenantInfo tenant, int commitRows, bool truncate, string? importId, long skip, CancellationToken ct)
{
    private readonly Queue<Piece> _featurizing = new();
    private readonly List<(Piece Piece, FusedBatch Vectors)> _ready = [];
    private readonly List<(LabeledExample Example, long? Line, bool Cut)> _open = [];
    private long _received, _committed, _total = tenant.Examples;
    private int _truncated;
    private long _windows;

    /// <summary>Rows of this import stored in this run.</summary>
    public long Committed => _committed;

    public async Task AddAsync(Example row, long? line)
    {
        _received++;
        if (_received <= skip) return;
        (LabeledExample Example, bool Cut) checkedRow;
        try
        {
            checkedRow = RequestLimits.CheckExample(row.Text, row.Label, tenant, truncate, "");
        }
        catch (Exception e)
        {
            await StoreWhatCanBeStoredAsync();
            throw Failure(e, _received, line, line);
        }
        _open.Add((checkedRow.Example, line, checkedRow.Cut));
        if (_open.Count == tenant.TextsPerGrainCall) await LaunchAsync();
    }

    public async Task<AddExamplesResponse> CompleteAsync()
    {
        if (_open.Count > 0) await LaunchAsync();
        while (_featurizing.Count > 0) await AdvanceAsync();
        await CommitReadyAsync();
        // With nothing committed in this run (a resume of a finished import) _total is still the auth cache's count, which may predate the earlier run.
        if (_committed == 0) _total = (await grain.Describe()).Examples;
        return new AddExamplesResponse { Accepted = _committed, TotalExamples = _total, Truncated = _truncated, Skipped = Math.Min(skip, _received), Windows = _windows };
    }

    private async Task LaunchAsync()
    {
        var firstRow = _received - _open.Count; // 0-based stream position of the piece's first row
        var examples = _open.Select(o => o.Example).ToArray();
        var piece = new Piece(firstRow, examples, _open.Select(o => o.Line).ToArray(), _open.Select(o => o.Cut).ToArray(),
            FeaturizeAsync(examples));
        _open.Clear();
        _featurizing.Enqueue(piece);
        while (_featurizing.Count >= RequestPieces.InFlight) await AdvanceAsync();
    }

    /// <summary>
    /// An import is a long operation: when the backbones refuse a piece (their queue would wait too
    /// long) it waits and tries again instead of failing, since a refusal costs no model time.
    /// Interactive calls get the refusal at once instead.
    /// </summary>
    private async Task<FusedBatch> FeaturizeAsync(LabeledExample[] examples)
    {
        try
        {
            return await FeaturizeWholeAsync(examples);
        }
        catch (TimeoutException) when (examples.Length > 1 && !ct.IsCancellationRequested)
        {
            // Featurizing stores nothing, so a piece that outlived the grain-call timeout (a machine far
            // slower than the work bound assumes) is featurized again as two halves: the work per call
            // shrinks until it fits, and the import still succeeds. One text that cannot fit fails.
            var half = examples.Length / 2;
            var first = await FeaturizeAsync(examples[..half]);
            FusedBatch second;
            try
            {
                second = await FeaturizeAsync(examples[half..]);
            }
            catch (InvalidRequestException e)
            {
                throw ImportFailure.Shift(e, half);
            }
            GatewayTelemetry.ImportPieceSplits.Add(1);
            return FusedBatches.Concat([first, second]);
        }
    }

    private async Task<FusedBatch> FeaturizeWholeAsync(LabeledExample[] examples)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.Featurize(examples, truncate, ct);
            }
            catch (BackboneOverloadedGrainException) when (attempt < OverloadAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * attempt)), ct);
            }
        }
    }

    /// <summary>Tries per piece under overload: about two and a half minutes of waiting in all.</summary>
    private const int OverloadAttempts = 40;

    /// <summary>Waits for the oldest piece's vectors; commits once enough rows are ready.</summary>
    private async Task AdvanceAsync()
    {
        var piece = _featurizing.Dequeue();
        FusedBatch vectors;
        try
        {
            vectors = await piece.Vectors;
        }
        catch (Exception e)
        {
            await RequestPieces.DrainAsync(_featurizing.Select(p => (Task)p.Vectors));
            _featurizing.Clear();
            await CommitReadyAsync(); // the pieces before the failed one are whole: keep them
            var bad = ImportFailure.ExampleIndex(e) is { } i && i < piece.Lines.Length ? i : (int?)null;
            var line = bad is { } b ? piece.Lines[b] : null;
            throw Failure(e, piece.FirstRow + 1 + (bad ?? 0), line, piece.Lines[0]);
        }
        _ready.Add((piece, FusedBatches.MarkCut(vectors, piece.Cut)));
        if (_ready.Sum(r => r.Piece.Examples.Length) >= commitRows) await CommitReadyAsync();
    }

    private async Task CommitReadyAsync()
    {
        if (_ready.Count == 0) return;
        var first = _ready[0].Piece;
        var examples = _ready.SelectMany(r => r.Piece.Examples).ToArray();
        var commit = new ExampleCommit(examples, FusedBatches.Concat(_ready.Select(r => r.Vectors).ToList()), importId, first.FirstRow);
        AddExamplesResult result;
        try
        {
            result = await grain.CommitExamples(commit);
        }
        catch (Exception e)
        {
            _ready.Clear();
            throw Failure(e, first.FirstRow + 1, first.Lines[0], first.Lines[0]);
        }
        _ready.Clear();
        _committed += result.Accepted;
        _total = result.TotalExamples;
        _truncated += result.Truncated;
        _windows += result.Windows;
        GatewayTelemetry.ImportedRows.Add(result.Accepted);
    }

    /// <summary>The source could not read the next row (a malformed line): store what came before, then the error to throw.</summary>
    public async Task<Exception> FailAsync(Exception error)
    {
        await StoreWhatCanBeStoredAsync();
        var line = error is MalformedRowException malformed ? malformed.Line : (long?)null;
        return Failure(error, _received + 1, line, line);
    }

    /// <summary>Before reporting a bad row: finish the pieces in flight and store them.</summary>
    private async Task StoreWhatCanBeStoredAsync()
    {
        if (_open.Count > 0) await LaunchAsync();
        while (_featurizing.Count > 0) await AdvanceAsync();
        await CommitReadyAsync();
    }

    private Exception Failure(Exception error, long row, long? line, long? resumeLine) =>
        ImportFailure.At(error, row, line, Math.Min(skip, _received) + _committed, resumeLine, importId is not null);

    private sealed record Piece(long FirstRow, LabeledExample[] Examples, long?[] Lines, bool[] Cut, Task<FusedBatch> Vectors);
}
