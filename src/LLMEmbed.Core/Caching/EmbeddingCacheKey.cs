using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Caching;

/// <summary>
/// Everything that changes a cached vector besides the text itself. Two keys are equal when their
/// <see cref="Canonical"/> strings are; <see cref="Revision"/> (e.g. the model file's SHA-256)
/// separates caches of different weights published under one backbone id.
/// </summary>
public sealed record EmbeddingCacheKey
{
    public EmbeddingCacheKey(string backboneId, IReadOnlyList<int> taps, PoolingKind pooling, int maxTokens, string? revision = null, string? longText = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        ArgumentNullException.ThrowIfNull(taps);
        if (taps.Count == 0) throw new ArgumentException("At least one tap is needed.", nameof(taps));
        if (taps.Any(t => t < 0)) throw new ArgumentOutOfRangeException(nameof(taps), "Tap indices cannot be negative.");
        if (!Enum.IsDefined(pooling)) throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling kind.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        if (backboneId.Contains('|') || (revision?.Contains('|') ?? false) || (longText?.Contains('|') ?? false))
            throw new ArgumentException("The backbone id, revision and long-text tag cannot contain '|'.", nameof(backboneId));

        BackboneId = backboneId;
        Taps = taps.ToArray();
        Pooling = pooling;
        MaxTokens = maxTokens;
        Revision = string.IsNullOrWhiteSpace(revision) ? null : revision;
        LongText = string.IsNullOrWhiteSpace(longText) ? null : longText;
        Canonical = string.Join('|', new[]
        {
            BackboneId,
            string.Join(',', Taps.Select(t => t.ToString(CultureInfo.InvariantCulture))),
            Pooling.ToString().ToLowerInvariant(),
            MaxTokens.ToString(CultureInfo.InvariantCulture),
        }.Concat(LongText is null ? [] : [LongText]).Concat(Revision is null ? [] : [Revision]));
        ShortHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)))[..16];
    }

    public string BackboneId { get; }
    public IReadOnlyList<int> Taps { get; }
    public PoolingKind Pooling { get; }
    public int MaxTokens { get; }
    public string? Revision { get; }

    /// <summary>How texts longer than <see cref="MaxTokens"/> were read (e.g. <c>chunk(o32,m8)</c>); null for truncation, whose keys stay as before.</summary>
    public string? LongText { get; }

    /// <summary>backbone|taps|pooling|maxTokens[|longText][|revision], e.g. <c>minilm-l6|2,3,4,5,6|mean|256</c>.</summary>
    public string Canonical { get; }

    /// <summary>First 16 hex digits of the SHA-256 of <see cref="Canonical"/>: the cache folder's name.</summary>
    public string ShortHash { get; }

    public bool Equals(EmbeddingCacheKey? other) => other is not null && Canonical == other.Canonical;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    public override string ToString() => Canonical;
}
