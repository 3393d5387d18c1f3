using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// Listing, relabelling and deleting stored rows. A row keeps its place (its id is segment and row); a
// change rewrites that one segment record (a tail as one record, its parts dropped), then the state (validate, write, apply). Deleted rows keep
// their bytes under the label key Deleted until a later compaction.
public sealed partial class TenantGrain
{
    public async Task<ExamplePage> ListExamples(ExampleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ExampleEdits.CheckPageSize(query.PageSize);
        var state = Existing();
        var labelKey = query.Label is null ? int.MinValue : LabelRules.IndexOf(state.Labels, query.Label);
        if (query.Label is not null && labelKey < 0) throw new InvalidRequestException($"label: unknown label '{query.Label}'.", "label");
        var page = new List<StoredExample>();
        var (startSegment, startRow) = query.After < 0 ? (0, 0) : SegmentLabelKeys.Split(query.After + 1);
        for (var s = startSegment; s < state.SegmentCounts.Length; s++)
        {
            var (segment, _) = await _store.ReadSegmentAsync(s, state.SegmentCounts[s]);
            for (var r = s == startSegment ? startRow : 0; r < segment.Count; r++)
            {
                if (!ExampleEdits.Matches(query, segment, r, labelKey)) continue;
                if (page.Count == query.PageSize) return new ExamplePage([.. page], page[^1].Id);
                page.Add(ExampleEdits.Describe(state, segment, s, r));
            }
        }
        return new ExamplePage([.. page], null);
    }

    public async Task<StoredExample> RelabelExample(long id, string label)
    {
        var state = Existing();
        RefuseWhileExporting("relabelling");
        var (s, r) = ExampleEdits.Locate(state, id);
        var key = LabelRules.ActiveIndex(state.Labels, label, "label");
        var (segment, _) = await _store.ReadSegmentAsync(s, state.SegmentCounts[s]);
        var from = segment.Labels[r];
        if (from == SegmentLabelKeys.Deleted) throw new NotFoundException($"Example {id} was deleted.");
        var fromSource = segment.SourceOf(r);
        // An unlabelled row labelled now came from a suggestion; a labelled row keeps its source.
        var toSource = fromSource == ExampleSource.Unlabelled ? ExampleSource.Suggestion : fromSource;
        var changed = segment.WithRow(r, key, toSource);
        await RewriteAsync(s, changed, ExampleEdits.Move(state, from, fromSource, key, toSource));
        return ExampleEdits.Describe(_state, changed, s, r);
    }

    public async Task<long> DeleteExamples(long[] ids, string? importId)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var state = Existing();
        RefuseWhileExporting("deleting examples");
        if ((ids.Length == 0) == string.IsNullOrWhiteSpace(importId))
            throw new InvalidRequestException("give either ids or import_id.", ids.Length == 0 ? "ids" : "import_id");
        if (ids.Length > 1000) throw new InvalidRequestException($"{ids.Length} ids; delete at most 1000 per call.", "ids");
        var wanted = ids.Select(id => ExampleEdits.Locate(state, id)).ToLookup(p => p.Segment, p => p.Row);
        var segments = ids.Length > 0 ? wanted.Select(g => g.Key).ToArray() : Enumerable.Range(0, state.SegmentCounts.Length).ToArray();
        long deleted = 0;
        foreach (var s in segments)
        {
            var current = Existing();
            var (segment, _) = await _store.ReadSegmentAsync(s, current.SegmentCounts[s]);
            var rows = ids.Length > 0 ? wanted[s].Distinct() : Enumerable.Range(0, segment.Count).Where(r => segment.ImportOf(r) == importId);
            var changed = segment;
            var next = current;
            foreach (var r in rows.Where(r => segment.Labels[r] != SegmentLabelKeys.Deleted))
            {
                next = ExampleEdits.Move(next, segment.Labels[r], segment.SourceOf(r), SegmentLabelKeys.Deleted, segment.SourceOf(r));
                next = ExampleEdits.ForgetTaskLabels(next, segment, r);
                changed = changed.WithRow(r, SegmentLabelKeys.Deleted, segment.SourceOf(r));
                deleted++;
            }
            if (!ReferenceEquals(changed, segment)) await RewriteAsync(s, changed, next);
        }
        return deleted;
    }

    /// <summary>
    /// Writes the changed segment as its one base record, then the state; a tail's parts are no longer read
    /// (rare edits cost a segment, appends stay small). The appender's in-memory tail is read again.
    /// </summary>
    private async Task RewriteAsync(int segment, TenantSegment content, TenantState next)
    {
        _appender.Forget();
        await _store.WriteBaseAsync(segment, content);
        await Commit(next.Tail?.Segment == segment ? next with { Tail = null } : next);
    }
}
