using System.Runtime.InteropServices;

using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Appends example rows to a tenant's segments: rows go into the tail segment (a new one when it is
/// full) and each touched segment is written. The caller then writes the returned state; until that
/// write lands the rows are not acknowledged, so a crash in between leaves extra segment rows that
/// loading ignores. Keeps the tail segment in memory between appends (one per grain activation).
/// </summary>
internal sealed class ExampleAppender(TenantStore store, int segmentCapacity)
{
    private SegmentTail? _tail;
    private SegmentTail? _written;

    /// <summary>The rows appended (not yet acknowledged): the state to write next.</summary>
    /// <param name="values">Row-major features, labels.Length x <paramref name="dim"/>.</param>
    public async Task<TenantState> AppendAsync(TenantState state, int dim, float[] values, int[] labels, string[]? texts,
        ExampleSource source = ExampleSource.Import, string? importId = null, IReadOnlyList<NewTaskRows>? tasks = null)
    {
        var counts = state.SegmentCounts.ToList();
        var tail = await Tail(state);
        for (var start = 0; start < labels.Length;)
        {
            if (tail.Segment.Count >= segmentCapacity)
            {
                var (empty, etag) = await store.ReadSegmentAsync(tail.Index + 1, 0);
                tail = new SegmentTail(tail.Index + 1, empty, etag);
            }
            var take = Math.Min(labels.Length - start, segmentCapacity - tail.Segment.Count);
            var features = MemoryMarshal.AsBytes(values.AsSpan(start * dim, take * dim));
            var end = start + take;
            var content = tail.Segment.Append(dim, features, labels[start..end], texts?[start..end], source, importId,
                tasks?.Select(t => t with { Rows = t.Rows[start..end] }).ToArray());
            var newETag = await store.WriteSegmentAsync(tail.Index, content, tail.ETag);
            // The stored copy changed even if the state write fails; the acknowledged content did not.
            _tail = tail with { ETag = newETag };
            tail = new SegmentTail(tail.Index, content, newETag);
            _written = tail;
            if (tail.Index < counts.Count) counts[tail.Index] = content.Count; else counts.Add(content.Count);
            start += take;
        }

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

    /// <summary>The state returned by the last append was written: its tail is the acknowledged one.</summary>
    public void Acknowledged()
    {
        if (_written is not null) _tail = _written;
        _written = null;
    }

    public void Forget() => _tail = _written = null;

    /// <summary>The last segment as acknowledged (read once, then kept in memory).</summary>
    private async Task<SegmentTail> Tail(TenantState state)
    {
        var index = Math.Max(0, state.SegmentCounts.Length - 1);
        var acknowledged = state.SegmentCounts.Length == 0 ? 0 : state.SegmentCounts[^1];
        if (_tail is { } known && known.Index == index)
            return known.Segment.Count == acknowledged ? known : known with { Segment = known.Segment.Take(acknowledged) };
        var (segment, etag) = await store.ReadSegmentAsync(index, acknowledged);
        return _tail = new SegmentTail(index, segment, etag);
    }

    /// <summary>The last segment: its index, its rows and the stored record's ETag.</summary>
    private sealed record SegmentTail(int Index, TenantSegment Segment, string? ETag);
}
