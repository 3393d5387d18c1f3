using System.Globalization;

namespace LLMEmbed.Core.LongText;

/// <summary>How long texts are read. The window itself is the embedding runner's token limit.</summary>
public sealed record LongTextOptions
{
    public LongTextMode Mode { get; init; } = LongTextMode.Truncate;

    /// <summary>Content tokens a window shares with the one before it (context across the cut).</summary>
    public int Overlap { get; init; } = 32;

    /// <summary>Most windows per text; the rest of a longer text is dropped (caps the cost of a pathological text).</summary>
    public int MaxWindows { get; init; } = 8;

    public static LongTextOptions Truncate { get; } = new();

    public void Validate()
    {
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"LongTextOptions.Mode {Mode} is not a known mode.");
        if (Overlap < 0) throw new ArgumentException($"LongTextOptions.Overlap must be non-negative, got {Overlap}.");
        if (MaxWindows < 1) throw new ArgumentException($"LongTextOptions.MaxWindows must be at least 1, got {MaxWindows}.");
    }

    /// <summary>Cache-key part that tells chunked embeddings apart from truncated ones; null when truncating.</summary>
    public string? CacheTag => Mode == LongTextMode.Chunk
        ? string.Create(CultureInfo.InvariantCulture, $"chunk(o{Overlap},m{MaxWindows})")
        : null;
}
