using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Up to <see cref="TenantOptions.SegmentCapacity"/> examples, stored as one record. Rows past the
/// tenant state's count for this segment were never acknowledged and are ignored on load.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantSegment")]
public sealed record TenantSegment
{
    [Id(0)] public int Dimension { get; init; }
    [Id(1)] public int Count { get; init; }
    /// <summary>Row-major float32 little-endian features, Count x Dimension.</summary>
    [Id(2)] public byte[] Features { get; init; } = [];
    /// <summary>Label key (position in <see cref="TenantState.Labels"/>) per row; negative keys are <see cref="SegmentLabelKeys"/> sentinels.</summary>
    [Id(3)] public int[] Labels { get; init; } = [];
    // Id(4) held each row's SHA-256 (Count x 32 bytes) until nothing read it; records that have it still load, the field skipped.
    /// <summary>The texts, only when the tenant keeps them.</summary>
    /// <summary>The texts when the tenant keeps them; unlabelled rows always keep theirs (other rows null).</summary>
    [Id(5)] public string[]? Texts { get; init; }
    /// <summary>Each row's <see cref="ExampleSource"/>; null (records written before sources) = all import.</summary>
    [Id(6)] public byte[]? Sources { get; init; }

    /// <summary>Which import stored which rows (runs in row order); null = rows of no named import.</summary>
    [Id(7)] public SegmentImportRun[]? ImportRuns { get; init; }

    /// <summary>Named tasks' labels, row-aligned (see <see cref="SegmentTaskColumn"/>); null in records from before tasks: none.</summary>
    [Id(8)] public SegmentTaskColumn[]? TaskColumns { get; init; }

    /// <summary>The row's label keys for named task <paramref name="task"/>; null when not labelled for it.</summary>
    public int[]? TaskLabelsOf(int task, int row) => TaskColumns?.FirstOrDefault(c => c.Task == task) is { } column && row < column.Count
        ? column.LabelsOf(row) : null;

    public string? ImportOf(int row) => ImportRuns?.FirstOrDefault(r => row >= r.FirstRow && row < r.FirstRow + r.Rows)?.ImportId;

    /// <summary>This segment with one row's label key (and source) changed: relabel and delete rewrite the record.</summary>
    public TenantSegment WithRow(int row, int label, ExampleSource source)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var labels = (int[])Labels.Clone();
        labels[row] = label;
        var sources = Sources is null ? new byte[Count] : [.. Sources, .. new byte[Count - Sources.Length]];
        sources[row] = (byte)source;
        return this with { Labels = labels, Sources = sources };
    }

    public ExampleSource SourceOf(int row) => Sources is { } s && row < s.Length ? (ExampleSource)s[row] : ExampleSource.Import;

    /// <summary>The first <paramref name="count"/> rows (the acknowledged ones).</summary>
    public TenantSegment Take(int count)
    {
        if (count > Count) throw new InvalidDataException($"Segment holds {Count} rows but the tenant state acknowledges {count}; the segment record is older than the state.");
        if (count == Count) return this;
        return new TenantSegment
        {
            Dimension = Dimension,
            Count = count,
            Features = Features[..(count * Dimension * sizeof(float))],
            Labels = Labels[..count],
            Texts = Texts?[..count],
            Sources = Sources?[..Math.Min(count, Sources.Length)],
            ImportRuns = ImportRuns?.Where(r => r.FirstRow < count).Select(r => r with { Rows = Math.Min(r.Rows, count - r.FirstRow) }).ToArray(),
            TaskColumns = TaskColumns?.Select(c => c.Take(count)).ToArray(),
        };
    }

    /// <summary>This segment with rows appended (arrays copied; the record stays immutable).</summary>
    public TenantSegment Append(int dimension, ReadOnlySpan<byte> features, int[] labels, string[]? texts, ExampleSource source = ExampleSource.Import,
        string? importId = null, IReadOnlyList<NewTaskRows>? tasks = null)
    {
        if (Count > 0 && dimension != Dimension)
            throw new InvalidOperationException($"Segment vectors have {Dimension} values; {dimension} were given.");
        return new TenantSegment
        {
            Dimension = dimension,
            Count = Count + labels.Length,
            Features = [.. Features, .. features],
            Labels = [.. Labels, .. labels],
            // Texts stay row-aligned: once any row has one, rows without one are null.
            Texts = texts is null && Texts is null ? null : [.. Texts ?? new string[Count], .. texts ?? new string[labels.Length]],
            Sources = Sources is null && source == ExampleSource.Import ? null
                : [.. Sources ?? new byte[Count], .. Enumerable.Repeat((byte)source, labels.Length)],
            ImportRuns = SegmentImportRun.Extend(ImportRuns, importId, Count, labels.Length),
            TaskColumns = AppendTaskColumns(tasks, labels.Length),
        };
    }

    /// <summary>Every column grows by <paramref name="rows"/> (unlabelled where the new rows say nothing for its task).</summary>
    private SegmentTaskColumn[]? AppendTaskColumns(IReadOnlyList<NewTaskRows>? tasks, int rows)
    {
        if (TaskColumns is null && (tasks is null || tasks.Count == 0)) return null;
        var columns = (TaskColumns ?? []).ToList();
        foreach (var task in tasks ?? [])
        {
            if (task.Rows.Length != rows) throw new ArgumentException($"Task {task.Task} labels {task.Rows.Length} rows of {rows}.", nameof(tasks));
            if (!columns.Any(c => c.Task == task.Task)) columns.Add(SegmentTaskColumn.Empty(task.Task, task.MultiLabel).PadTo(Count));
        }
        return columns.Select(c => tasks?.FirstOrDefault(t => t.Task == c.Task) is { } added
            ? c.PadTo(Count).Append(added.Rows) : c.PadTo(Count + rows)).ToArray();
    }
}

/// <summary>Rows FirstRow..FirstRow+Rows-1 of a segment came from import <see cref="ImportId"/>.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.SegmentImportRun")]
public sealed record SegmentImportRun(
    [property: Id(0)] string ImportId,
    [property: Id(1)] int FirstRow,
    [property: Id(2)] int Rows)
{
    /// <summary>The runs after <paramref name="rows"/> rows appended at <paramref name="at"/>: the last run grows when it is the same import.</summary>
    public static SegmentImportRun[]? Extend(SegmentImportRun[]? runs, string? importId, int at, int rows)
    {
        if (importId is null || rows == 0) return runs;
        if (runs is [.., var last] && last.ImportId == importId && last.FirstRow + last.Rows == at)
            return [.. runs[..^1], last with { Rows = last.Rows + rows }];
        return [.. runs ?? [], new SegmentImportRun(importId, at, rows)];
    }
}
