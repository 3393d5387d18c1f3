using System.Globalization;

namespace LLMEmbed.Grains.Abstractions.Backbones;

[GenerateSerializer, Alias("llmembed.backbones.LongTextModeContract")]
public enum LongTextModeContract { Truncate = 0, Chunk = 1 }

/// <summary>
/// How a text longer than a backbone's window is read: cut to its first window (the default), or cut
/// into windows sharing <see cref="Overlap"/> tokens, at most <see cref="MaxWindows"/> per text, whose
/// pooled vectors are averaged back into one (weighted by each window's tokens).
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.backbones.LongTextSettings")]
public sealed record LongTextSettings(
    [property: Id(0)] LongTextModeContract Mode,
    [property: Id(1)] int Overlap,
    [property: Id(2)] int MaxWindows)
{
    public const int DefaultOverlap = 32;
    public const int DefaultMaxWindows = 8;

    public static readonly LongTextSettings Default = new(LongTextModeContract.Truncate, DefaultOverlap, DefaultMaxWindows);

    public bool Chunks => Mode == LongTextModeContract.Chunk;

    /// <summary>Windows a text may take at most: the factor the per-call work bound counts.</summary>
    public int WindowsAtMost => Chunks ? MaxWindows : 1;

    /// <summary>Tells chunked vectors apart from truncated ones wherever they are cached; empty when truncating.</summary>
    public string CacheTag => Chunks ? string.Create(CultureInfo.InvariantCulture, $"|chunk(o{Overlap},m{MaxWindows})") : "";

    /// <summary>The public spelling of the mode ("truncate", "chunk").</summary>
    public string ModeName => Chunks ? "chunk" : "truncate";
}
