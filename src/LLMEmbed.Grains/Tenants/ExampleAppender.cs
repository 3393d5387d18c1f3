using System.Runtime.InteropServices;

using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Appends example rows to a tenant's segments: rows go into the tail segment (a new one when it is
/// full) as one new part record (<see cref="TailPlan"/>), or, when they fill it, the whole segment as its
/// base record. The caller then writes the returned state; until that write lands the rows are not
/// acknowledged, so a crash in between leaves records that loading ignores and later writes replace.
/// Keeps the tail segment in memory between appends (one per grain activation).
/// </summary>
internal sealed class ExampleAppender(TenantStore store, int segmentCapacity)
{
    private SegmentTail? _tail;
    private SegmentTail? _written;
    private int[] _sealed = [];

    /// <summary>The rows appended (not yet acknowledged): the state to write next.</summary>
    /// <param name="values">Row-major features, labels.Length x <paramref name="dim"/>.</param>
    public async Task<TenantState> AppendAsync(TenantState state, int dim, float[] values, int[] labels, string[]? texts,
        ExampleSource source = ExampleSource.Import, string? importId = null, IReadOnlyList<NewTaskRows>? tasks = null)
    {
        var counts = state.SegmentCounts.ToList();
        var tail = await Tail(state);
        var sealedSegments = new List<int>();
        for (var start = 0; start < labels.Length;)
        {
            var index = tail.Layout.Segment;
            if (tail.Segment.Count >= segmentCapacity)
                tail = new SegmentTail(new TenantSegment(), TailLayout.BaseOnly(++index, 0));
            var take = Math.Min(labels.Length - start, segmentCapacity - tail.Segment.Count);
            var end = start + take;
            var added = new TenantSegment().Append(dim, MemoryMarshal.AsBytes(values.AsSpan(start * dim, take * dim)), labels[start..end],
                texts?[start..end], source, importId, tasks?.Select(t => t with { Rows = t.Rows[start..end] }).ToArray());
            var content = tail.Segment.Concat(added);
            TailLayout layout;
            if (content.Count >= segmentCapacity)
            {
                // A full segment becomes one record: sealed segments read in one, and its parts go once the state no longer names them.
                await store.WriteBaseAsync(index, content);
                layout = TailLayout.BaseOnly(index, content.Count);
                sealedSegments.Add(index);
            }
            else
            {
                var (next, part) = TailPlan.Add(tail.Layout, take);
                await store.WritePartAsync(index, part, content.Skip(part.FirstRow));
                layout = next;
            }
            tail = new SegmentTail(content, layout);
            _written = tail;
            if (index < counts.Count) counts[index] = content.Count; else counts.Add(content.Count);
            start = end;
        }
        _sealed = [.. sealedSegments];

        // Sentinel keys (unlabelled, out of scope) count toward no label.
        var perLabel = labels.Where(l => l >= 0).GroupBy(l => l).ToDictionary(g => g.Key, g => (long)g.Count());
        return state with
        {
            Examples = state.Examples + labels.Length,
            SourceCounts = SourceCounting.Add(state, source, labels.Length),
            SegmentCounts = counts.ToArray(),
            Dimension = dim,
            Labels = state.Labels.Select((l, i) => perLabel.TryGetValue(i, out var n) ? l with { Examples = l.Examples + n } : l).ToArray(),
            Tasks = tasks is null ? state.Tasks : state.Tasks.Select(t => Counted(t, tasks.FirstOrDefault(n => n.Task == t.Key))).ToArray(),
            Tail = tail.Layout.Parts.Length == 0 ? null : tail.Layout,
        };
    }

    /// <summary>The task with the new rows' labels counted (rows labelled "none of these" count toward the task, no label).</summary>
    private static TaskRecord Counted(TaskRecord task, NewTaskRows? rows)
    {
        if (rows is null) return task;
        var perLabel = rows.Rows.Where(r => r is not null).SelectMany(r => r!).GroupBy(k => k).ToDictionary(g => g.Key, g => (long)g.Count());
        return task with
        {
            Examples = task.Examples + rows.Rows.Count(r => r is not null),
            Labels = task.Labels.Select((l, i) => perLabel.TryGetValue(i, out var n) ? l with { Examples = l.Examples + n } : l).ToArray(),
        };
    }

    /// <summary>
    /// The state returned by the last append was written: its tail is the acknowledged one, and the parts
    /// of segments it filled are removed. That cleanup is best effort: the rows are stored whatever it does,
    /// so the call must not fail (a retry would store them twice); a part left behind is referenced by no
    /// state, replaced when its slot is reused and removed with the tenant.
    /// </summary>
    public async Task AcknowledgedAsync()
    {
        if (_written is not null) _tail = _written;
        _written = null;
        var filled = _sealed;
        _sealed = [];
        foreach (var segment in filled)
        {
            try { await store.ClearPartsAsync(segment); }
            catch (Exception) { return; }
        }
    }

    public void Forget()
    {
        _tail = _written = null;
        _sealed = [];
    }

    /// <summary>The last segment as acknowledged (read once, then kept in memory).</summary>
    private async Task<SegmentTail> Tail(TenantState state)
    {
        var index = Math.Max(0, state.SegmentCounts.Length - 1);
        var acknowledged = state.SegmentCounts.Length == 0 ? 0 : state.SegmentCounts[^1];
        var layout = state.Tail ?? TailLayout.BaseOnly(index, acknowledged);
        if (layout.Segment != index || layout.Rows != acknowledged)
            throw new InvalidDataException($"The tenant state's tail layout (segment {layout.Segment}, {layout.Rows} rows) disagrees with its counts (segment {index}, {acknowledged} rows).");
        if (_tail is { } known && known.Layout.Segment == index && known.Segment.Count == acknowledged) return known with { Layout = layout };
        var read = await store.ReadSegmentAsync(index, acknowledged, layout)
            ?? throw new InvalidDataException($"Segment {index}: a part the tenant state names is missing or was overwritten.");
        return _tail = new SegmentTail(read.Segment, layout);
    }

    /// <summary>The last segment's acknowledged rows and how they are stored.</summary>
    private sealed record SegmentTail(TenantSegment Segment, TailLayout Layout);
}
