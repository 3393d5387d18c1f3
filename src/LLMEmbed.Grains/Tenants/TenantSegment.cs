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
        };
    }

    /// <summary>This segment with rows appended (arrays copied; the record stays immutable).</summary>
    public TenantSegment Append(int dimension, ReadOnlySpan<byte> features, int[] labels, string[]? texts, ExampleSource source = ExampleSource.Import)
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
        };
    }
}
