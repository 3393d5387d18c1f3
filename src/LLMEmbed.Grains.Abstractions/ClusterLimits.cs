namespace LLMEmbed.Grains.Abstractions;

/// <summary>
/// Bounds on what one grain message may carry. Orleans refuses bodies over 100 MB only after the
/// response timeout, so every message is checked against these, far below it, before sending.
/// </summary>
public static class ClusterLimits
{
    /// <summary>Most texts in one embedding call.</summary>
    public const int MaxTextsPerCall = 512;

    /// <summary>Most characters in one text (longer texts are truncated by tokenization anyway).</summary>
    public const int MaxTextChars = 64 * 1024;

    /// <summary>Most bytes of vector data in one <see cref="EmbeddingBlob"/>.</summary>
    public const int MaxBlobBytes = 16 * 1024 * 1024;
}
