namespace LLMEmbed.Core.Models;

/// <summary>
/// A backbone's files, ready to load. <paramref name="TapOutputNames"/>[k] is the graph output
/// holding tap k (0 = embedding output, 1..Layers = block outputs) in <paramref name="TappedModelPath"/>.
/// </summary>
public sealed record ModelFiles(string ModelPath, string TappedModelPath, string VocabPath, string[] TapOutputNames)
{
    /// <summary>
    /// What the embedding cache key adds for a graph derived here (int8: the quantized tapped graph's
    /// sha256); null for a graph run as shipped, whose manifest id and digests already pin it.
    /// </summary>
    public string? CacheRevision { get; init; }
}
