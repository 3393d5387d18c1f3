using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Core.LongText;

/// <summary>How long texts are read. The window itself is the embedding runner's token limit.</summary>
public sealed record LongTextOptions
{
    [EnumDataType(typeof(LongTextMode), ErrorMessage = "{0} must be truncate or chunk.")]
    public LongTextMode Mode { get; init; } = LongTextMode.Truncate;

    /// <summary>Content tokens a window shares with the one before it (context across the cut).</summary>
    [Range(0, int.MaxValue)]
    public int Overlap { get; init; } = LongTextDefaults.Overlap;

    /// <summary>Most windows per text; the rest of a longer text is dropped (caps the cost of a pathological text).</summary>
    [Range(1, int.MaxValue)]
    public int MaxWindows { get; init; } = LongTextDefaults.MaxWindows;

    public static LongTextOptions Truncate { get; } = new();

    /// <summary>Cache-key part that tells chunked embeddings apart from truncated ones; null when truncating.</summary>
    public string? CacheTag => Mode == LongTextMode.Chunk ? LongTextDefaults.CacheTag(Overlap, MaxWindows) : null;
}
