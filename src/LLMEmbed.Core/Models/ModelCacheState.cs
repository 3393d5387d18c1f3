namespace LLMEmbed.Core.Models;

/// <summary>What the cache holds for one backbone, read from its stamps without hashing (for "models list").</summary>
public sealed record ModelCacheState(string Id, string Directory, bool ModelReady, bool VocabReady, bool TappedReady, long SizeBytes)
{
    public bool Ready => ModelReady && VocabReady && TappedReady;

    public string Status => Ready ? "ready" : ModelReady || VocabReady ? "partial" : "not extracted";
}
