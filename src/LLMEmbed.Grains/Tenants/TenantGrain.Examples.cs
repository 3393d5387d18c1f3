using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

// Examples arrive as import chunks: featurized in interleaved calls (so the backbones work on the next
// chunks while one is written), queued per stream, and written in stream order in non-interleaved turns.
public sealed partial class TenantGrain : ITenantImportWriter
{
    private readonly ImportQueue _imports = new();

    public async Task<AddExamplesResult> ImportRows(ImportChunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var state = Existing();
        // A retry of a stored write (same request id) is answered from the ledger, before any model work.
        if (RequestLedger.Find(state.Requests, RequestLedger.Checked(chunk.RequestId)) is { } answered)
        {
            _imports.Replay(chunk.Stream, answered);
            return answered;
        }
        _imports.Admit(chunk);
        ImportQueue.Featurized rows;
        try
        {
            CheckWork(state, chunk.Rows.Length);
            // Labels first: a bad row costs no model time. A label retired while the chunk is featurized
            // still takes it: its key stays valid, and the retirement came after the rows' check.
            var labels = chunk.Unlabelled
                ? chunk.Rows.Select(_ => SegmentLabelKeys.Unlabelled).ToArray()
                : TaskRowLabels.DefaultKeys(state, chunk.Rows);
            var tasks = chunk.Unlabelled ? null : TaskRowLabels.Resolve(state, chunk.Rows);
            var fused = await FuseAsync(chunk.Rows.Select(r => r.Text).ToArray(), chunk.Truncate, cancellationToken);
            rows = new ImportQueue.Featurized(chunk, labels, fused, tasks);
        }
        catch (BackboneOverloadedGrainException)
        {
            throw; // refused before anything was queued: the caller sends the chunk again
        }
        catch
        {
            _imports.Stop(chunk.Stream, chunk.Index);
            throw;
        }
        return _imports.Queue(rows)
            ? await this.AsReference<ITenantImportWriter>().StoreQueued(chunk.Stream)
            : new AddExamplesResult(0, _state.Examples, 0);
    }

    public Task<AddExamplesResult> StoreQueued(string stream) => StoreAsync(stream, _imports.Take(stream, toEnd: false));

    public async Task<AddExamplesResult> EndImport(string stream, bool store)
    {
        Existing();
        var rows = store ? _imports.Take(stream, toEnd: true) : [];
        var replayed = _imports.Replayed(stream);
        _imports.Forget(stream);
        if (rows.Count == 0 && store && replayed is not null) return replayed;
        return await StoreAsync(stream, rows);
    }

    /// <summary>Appends taken chunks in one write; if it fails, nothing of the stream from the first of them on is stored.</summary>
    private async Task<AddExamplesResult> StoreAsync(string stream, IReadOnlyList<ImportQueue.Featurized> chunks)
    {
        var state = Existing();
        if (chunks.Count == 0) return new AddExamplesResult(0, state.Examples, 0);
        var requestIds = chunks.Select(c => RequestLedger.Checked(c.Chunk.RequestId)).ToArray();
        // Two tries of one write can both be featurized; the one stored second stores nothing.
        if (RequestLedger.Find(state.Requests, requestIds[0]) is { } answered) return answered;
        try
        {
            var dim = chunks[0].Vectors.Dim;
            if (state.Dimension != 0 && dim != state.Dimension)
                throw new InvalidOperationException($"Tenant '{Tenant}' stores {state.Dimension}-value features but recipe '{state.RequiredSettings.Recipe}' now gives {dim}.");
            var rows = chunks.Sum(c => c.Labels.Length);
            var limit = state.RequiredSettings.Limits.MaxExamples;
            if (state.Examples + rows > limit)
                throw new LimitExceededException(
                    $"Adding {rows} examples to {state.Examples} would exceed the tenant's limit of {limit} (MaxExamples).", nameof(TenantLimits.MaxExamples));
            var first = chunks[0].Chunk;
            var imports = first.ImportId is { } id ? ImportLedger.Advance(state.Imports, id, first.FirstRow, rows) : state.Imports;

            var values = chunks.SelectMany(c => c.Vectors.Values).ToArray();
            var labels = chunks.SelectMany(c => c.Labels).ToArray();
            // A stream is all labelled or all unlabelled (the flag is per import); unlabelled rows keep their
            // texts whatever KeepTexts says: they are shown to be labelled later.
            var unlabelled = first.Unlabelled;
            var texts = state.RequiredSettings.KeepTexts || unlabelled ? chunks.SelectMany(c => c.Chunk.Rows.Select(r => r.Text)).ToArray() : null;
            var tasks = TaskRowLabels.Concat(chunks.Select(c => (c.Labels.Length, c.Tasks)).ToArray());
            var next = await _appender.AppendAsync(state, dim, values, labels, texts, unlabelled ? ExampleSource.Unlabelled : ExampleSource.Import,
                first.ImportId, tasks);
            var windows = chunks.Sum(c => c.Vectors.TotalWindows);
            // Rows cut at the gateway count as truncated, as do those the backbones cut.
            var truncated = chunks.Sum(c => c.Chunk.Rows.Where((r, i) => r.Cut || c.Vectors.Truncated[i]).Count());
            var result = new AddExamplesResult(rows, next.Examples, truncated, windows);
            await Commit(next with
            {
                Imports = imports,
                ExampleWindows = Math.Max(state.ExampleWindows, state.Examples) + windows,
                Requests = RequestLedger.Remember(state.Requests, requestIds, result, _options.RememberedRequests),
            });
            await _appender.AcknowledgedAsync();
            return result;
        }
        catch
        {
            _imports.Stop(stream, chunks[0].Chunk.Index);
            throw;
        }
    }

    public Task<ImportProgress> GetImport(string importId)
    {
        if (string.IsNullOrWhiteSpace(importId)) throw new InvalidRequestException("importId is required.", "importId");
        return Task.FromResult(new ImportProgress(importId, ImportLedger.Committed(Existing().Imports, importId)));
    }

    public Task<ExampleCounts> CountExamples(string? task = null)
    {
        var state = Existing();
        if (TaskNames.OrDefault(task) != TaskNames.Default) return Task.FromResult(CountTask(TenantTasks.Get(state, task)));
        var perLabel = state.Labels.Where(l => !l.Retired).ToDictionary(l => l.Name, l => l.Examples, StringComparer.Ordinal);
        var perSource = SourceCounting.PerSource(state);
        return Task.FromResult(new ExampleCounts(state.Examples - perSource[SegmentLabelKeys.Name(ExampleSource.Unlabelled)], perLabel, perSource));
    }
}
