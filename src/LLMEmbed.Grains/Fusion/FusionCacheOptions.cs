namespace LLMEmbed.Grains.Fusion;

/// <summary>Section "Fusion": the per-silo cache of fused vectors.</summary>
public sealed class FusionCacheOptions
{
    public const string SectionName = "Fusion";

    /// <summary>Most vectors kept; 0 disables the cache.</summary>
    public int CacheEntries { get; set; } = 100_000;

    /// <summary>Most bytes of vector data kept (whichever bound is hit first evicts).</summary>
    public long CacheBytes { get; set; } = 256L * 1024 * 1024;

    public void Validate()
    {
        if (CacheEntries < 0) throw new ArgumentException($"{SectionName}:{nameof(CacheEntries)} must not be negative, got {CacheEntries}.");
        if (CacheBytes < 0) throw new ArgumentException($"{SectionName}:{nameof(CacheBytes)} must not be negative, got {CacheBytes}.");
    }

    public override string ToString() => $"CacheEntries={CacheEntries}, CacheBytes={CacheBytes}";
}
