namespace LLMEmbed.Core.Models;

/// <summary>What the cache holds for one backbone, read from its stamps without hashing (for "models list").</summary>
public sealed record ModelCacheState(string Id, string Directory, bool ModelReady, bool VocabReady, bool TappedReady, long SizeBytes)
{
    public bool Ready => ModelReady && VocabReady && TappedReady;

    public BackbonePrecision Precision { get; init; } = BackbonePrecision.Fp32;

    /// <summary>Digest of the tapped graph as written (the quantized one for int8); null when not recorded yet.</summary>
    public string? TappedSha256 { get; init; }

    public string Status => Ready ? "ready" : ModelReady || VocabReady ? "partial" : "not extracted";
}
