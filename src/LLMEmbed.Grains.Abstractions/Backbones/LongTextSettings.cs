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
    /// <summary>Truncate, with the chunking defaults a tenant gets if it switches to chunk (the same as offline, <see cref="LongTextDefaults"/>).</summary>
    public static readonly LongTextSettings Default = new(LongTextModeContract.Truncate, LongTextDefaults.Overlap, LongTextDefaults.MaxWindows);

    public bool Chunks => Mode == LongTextModeContract.Chunk;

    /// <summary>Windows a text may take at most: the factor the per-call work bound counts.</summary>
    public int WindowsAtMost => Chunks ? MaxWindows : 1;

    /// <summary>
    /// Suffix of a cache key that tells chunked vectors apart from truncated ones: "|" and the offline cache's tag
    /// (<see cref="LongTextDefaults.CacheTag"/>, the one format); empty when truncating.
    /// </summary>
    public string CacheTag => Chunks ? "|" + LongTextDefaults.CacheTag(Overlap, MaxWindows) : "";

    /// <summary>The public spelling of the mode ("truncate", "chunk").</summary>
    public string ModeName => Chunks ? "chunk" : "truncate";
}
