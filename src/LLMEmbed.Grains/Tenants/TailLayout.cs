namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// How the tail segment is stored: the first <see cref="BaseRows"/> rows in its base record
/// ("tenant-segment-{n}", the one-record layout) and the rest in immutable part records, in row order.
/// Appends write one small part instead of rewriting the segment; <see cref="TailPlan"/> merges parts
/// so a read stays a bounded number of records. Only the tail has parts: a full segment is one base record.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TailLayout")]
public sealed record TailLayout(
    [property: Id(0)] int Segment,
    [property: Id(1)] int BaseRows,
    [property: Id(2)] TailPart[] Parts)
{
    public int Rows => Parts is [.., var last] ? last.FirstRow + last.Rows : BaseRows;

    /// <summary>The layout a segment without parts has: all its rows in the base record.</summary>
    public static TailLayout BaseOnly(int segment, int rows) => new(segment, rows, []);
}

/// <summary>Rows FirstRow..FirstRow+Rows-1 of the tail, stored in part record (Level, Slot).</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TailPart")]
public sealed record TailPart(
    [property: Id(0)] int Level,
    [property: Id(1)] int Slot,
    [property: Id(2)] int FirstRow,
    [property: Id(3)] int Rows);

/// <summary>
/// A part record: some rows of a tail segment. FirstRow lets a reader holding an older layout notice
/// that the slot was reused since (it then reads again with the current layout).
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.SegmentPart")]
public sealed record SegmentPart(
    [property: Id(0)] int FirstRow,
    [property: Id(1)] TenantSegment Rows);
