namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One named task's labels for a segment's rows, row-aligned with the segment. A single-label task keeps one
/// label key per row (<see cref="Offsets"/> null); a multi-label task keeps each row's label keys in
/// Values[Offsets[r]..Offsets[r+1]] (an empty range = "none of these"). A row not labelled for the task holds
/// the single key <see cref="NotLabelled"/>. The vector is the segment's: a row labelled for several tasks is stored once.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.SegmentTaskColumn")]
public sealed record SegmentTaskColumn(
    [property: Id(0)] int Task,
    [property: Id(1)] int[]? Offsets,
    [property: Id(2)] int[] Values)
{
    public const int NotLabelled = -1;

    public bool IsMultiLabel => Offsets is not null;
    public int Count => Offsets is { } o ? o.Length - 1 : Values.Length;

    /// <summary>The row's label keys (one for a single-label task); null when the row is not labelled for the task.</summary>
    public int[]? LabelsOf(int row)
    {
        if (Offsets is not { } offsets) return Values[row] == NotLabelled ? null : [Values[row]];
        var keys = Values[offsets[row]..offsets[row + 1]];
        return keys is [NotLabelled] ? null : keys;
    }

    public static SegmentTaskColumn Empty(int task, bool multiLabel) => new(task, multiLabel ? [0] : null, []);

    /// <summary>The column with rows appended: each row's label keys, or null when not labelled for this task.</summary>
    public SegmentTaskColumn Append(IReadOnlyList<int[]?> rows)
    {
        if (Offsets is not { } offsets)
            return this with { Values = [.. Values, .. rows.Select(r => r is [var key] ? key : r is null ? NotLabelled
                : throw new ArgumentException($"Task {Task} is single-label: a row holds one label key, not {r.Length}.", nameof(rows)))] };
        var values = new List<int>(Values);
        var next = new List<int>(offsets);
        foreach (var row in rows)
        {
            values.AddRange(row ?? [NotLabelled]);
            next.Add(values.Count);
        }
        return this with { Offsets = [.. next], Values = [.. values] };
    }

    /// <summary>This column grown with unlabelled rows to <paramref name="count"/> rows.</summary>
    public SegmentTaskColumn PadTo(int count) => count <= Count ? this : Append(new int[]?[count - Count]);

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public SegmentTaskColumn Take(int count)
    {
        if (count >= Count) return this;
        if (Offsets is not { } offsets) return this with { Values = Values[..count] };
        return this with { Offsets = offsets[..(count + 1)], Values = Values[..offsets[count]] };
    }

    /// <summary>The rows from <paramref name="from"/> on (a column shorter than that gives none).</summary>
    public SegmentTaskColumn Skip(int from)
    {
        if (from <= 0) return this;
        if (Offsets is not { } offsets) return this with { Values = Values[Math.Min(from, Values.Length)..] };
        if (from >= Count) return Empty(Task, true);
        return this with { Offsets = offsets[from..].Select(o => o - offsets[from]).ToArray(), Values = Values[offsets[from]..] };
    }

    /// <summary>This column's rows then <paramref name="other"/>'s (same task).</summary>
    public SegmentTaskColumn Concat(SegmentTaskColumn other)
    {
        if (Offsets is not { } offsets) return this with { Values = [.. Values, .. other.Values] };
        var shift = Values.Length;
        return this with { Offsets = [.. offsets, .. other.Offsets![1..].Select(o => o + shift)], Values = [.. Values, .. other.Values] };
    }
}

/// <summary>New rows' labels for one named task (null per row = not labelled for it), appended with the rows.</summary>
public sealed record NewTaskRows(int Task, bool MultiLabel, int[]?[] Rows);
