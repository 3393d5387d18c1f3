namespace LLMEmbed.Grains.Tenants;

/// <summary>Cutting a segment's rows into parts and joining parts back: the stored parts of a tail segment read as one segment.</summary>
public static class SegmentJoin
{
    /// <summary>The rows from <paramref name="from"/> on.</summary>
    public static TenantSegment Skip(this TenantSegment segment, int from)
    {
        if (from == 0) return segment;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, segment.Count);
        var width = segment.Dimension * sizeof(float);
        return new TenantSegment
        {
            Dimension = segment.Dimension,
            Count = segment.Count - from,
            Features = segment.Features[(from * width)..],
            Labels = segment.Labels[from..],
            Texts = segment.Texts?[from..],
            Sources = segment.Sources?[Math.Min(from, segment.Sources.Length)..],
            ImportRuns = segment.ImportRuns?.Where(r => r.FirstRow + r.Rows > from)
                .Select(r => new SegmentImportRun(r.ImportId, Math.Max(0, r.FirstRow - from), r.FirstRow + r.Rows - Math.Max(r.FirstRow, from))).ToArray(),
            TaskColumns = segment.TaskColumns?.Select(c => c.PadTo(segment.Count).Skip(from)).ToArray(),
        };
    }

    /// <summary>The rows of <paramref name="first"/> then those of <paramref name="next"/>.</summary>
    public static TenantSegment Concat(this TenantSegment first, TenantSegment next)
    {
        if (next.Count == 0) return first;
        if (first.Count == 0) return next;
        if (first.Dimension != next.Dimension)
            throw new InvalidDataException($"Segment parts hold {first.Dimension}- and {next.Dimension}-value vectors.");
        var runs = first.ImportRuns;
        foreach (var run in next.ImportRuns ?? []) runs = SegmentImportRun.Extend(runs, run.ImportId, first.Count + run.FirstRow, run.Rows);
        return new TenantSegment
        {
            Dimension = first.Dimension,
            Count = first.Count + next.Count,
            Features = [.. first.Features, .. next.Features],
            Labels = [.. first.Labels, .. next.Labels],
            Texts = first.Texts is null && next.Texts is null ? null : [.. first.Texts ?? new string[first.Count], .. next.Texts ?? new string[next.Count]],
            Sources = first.Sources is null && next.Sources is null ? null : [.. Padded(first.Sources, first.Count), .. Padded(next.Sources, next.Count)],
            ImportRuns = runs,
            TaskColumns = Columns(first, next),
        };
    }

    private static byte[] Padded(byte[]? sources, int count) =>
        sources is { } s && s.Length == count ? s : [.. sources ?? [], .. new byte[count - (sources?.Length ?? 0)]];

    /// <summary>Every task of either side, row-aligned: a side without a task's column has its rows not labelled for it.</summary>
    private static SegmentTaskColumn[]? Columns(TenantSegment first, TenantSegment next)
    {
        if (first.TaskColumns is null && next.TaskColumns is null) return null;
        var tasks = (first.TaskColumns ?? []).Concat(next.TaskColumns ?? []).Select(c => (c.Task, c.IsMultiLabel)).Distinct().ToArray();
        return tasks.Select(t =>
        {
            var head = first.TaskColumns?.FirstOrDefault(c => c.Task == t.Task) ?? SegmentTaskColumn.Empty(t.Task, t.IsMultiLabel);
            var tail = next.TaskColumns?.FirstOrDefault(c => c.Task == t.Task) ?? SegmentTaskColumn.Empty(t.Task, t.IsMultiLabel);
            return head.PadTo(first.Count).Concat(tail.PadTo(next.Count));
        }).ToArray();
    }
}
