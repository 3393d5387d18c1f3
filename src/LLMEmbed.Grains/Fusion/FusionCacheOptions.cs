using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Grains.Fusion;

/// <summary>Section "Fusion": the per-silo cache of fused vectors.</summary>
public sealed class FusionCacheOptions
{
    public const string SectionName = "Fusion";

    /// <summary>Most vectors kept; 0 disables the cache.</summary>
    [Range(0, int.MaxValue)]
    public int CacheEntries { get; set; } = 100_000;

    /// <summary>Most bytes of vector data kept (whichever bound is hit first evicts).</summary>
    [Range(0, long.MaxValue)]
    public long CacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Whether tenants share cached vectors. Off by default: a hit is hundreds of times faster than a miss, so a
    /// shared entry lets a tenant time its calls to learn whether another sent a text. On, tenants sending the same
    /// texts embed each once per silo instead of once per tenant.
    /// </summary>
    public bool ShareAcrossTenants { get; set; }

    public override string ToString() => $"CacheEntries={CacheEntries}, CacheBytes={CacheBytes}, ShareAcrossTenants={ShareAcrossTenants}";
}
