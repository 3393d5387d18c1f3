namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>How a stored row came to be (one byte per row in a segment; old segments have none: all import).</summary>
[Alias("llmembed.tenant.ExampleSource")]
public enum ExampleSource : byte
{
    Import = 0,
    Feedback = 1,
    /// <summary>An unlabelled row that a tenant labelled later.</summary>
    Suggestion = 2,
    /// <summary>Stored without a label (label key <see cref="SegmentLabelKeys.Unlabelled"/>), never trained on.</summary>
    Unlabelled = 3,
}

/// <summary>
/// Label keys below zero stored in segments instead of a label's position. Every reader of segment
/// labels (trainers, counts, loaders) skips negative keys.
/// </summary>
public static class SegmentLabelKeys
{
    public const int Unlabelled = -1;
    public const int Deleted = -2;
    /// <summary>Feedback said the text was out of scope: kept (with its vector), never trained on as a class.</summary>
    public const int OutOfScope = -3;
    /// <summary>The row carries labels for named tasks only (see the segment's task columns), none for the default task.</summary>
    public const int NamedTasksOnly = -4;

    /// <summary>Example id = (segment &lt;&lt; 32) | row.</summary>
    public static long ExampleId(int segment, int row) => ((long)segment << 32) | (uint)row;

    public static (int Segment, int Row) Split(long id) => ((int)(id >> 32), (int)(id & 0xFFFFFFFF));

    public static string Name(ExampleSource source) => source switch
    {
        ExampleSource.Import => "import",
        ExampleSource.Feedback => "feedback",
        ExampleSource.Suggestion => "suggestion",
        ExampleSource.Unlabelled => "unlabelled",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
