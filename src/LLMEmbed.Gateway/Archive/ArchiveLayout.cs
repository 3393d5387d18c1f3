using System.Text.Json;
using System.Text.Json.Serialization;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Archive;

/// <summary>
/// The tenant archive's layout: a POSIX (pax) tar, so `tar tf` lists it. archive.json first (what the archive is),
/// state.bin, segments/NNNNNN.bin, heads/taskK/vNNNNNN.bin, and manifest.json last (every entry's length and
/// SHA-256). Each entry also carries its own SHA-256 in a pax attribute, so a reader checks an entry before using
/// it and the manifest at the end proves nothing is missing.
/// </summary>
public static class ArchiveLayout
{
    public const int FormatVersion = 1;
    public const string Product = "llmembed";
    public const string HeaderEntry = "archive.json";
    public const string StateEntry = Grains.Abstractions.Tenants.ArchivePiece.StateEntryName;
    public const string ManifestEntry = "manifest.json";
    public const string ContentType = "application/x-tar";
    /// <summary>The pax attribute holding an entry's SHA-256 (lowercase hex).</summary>
    public const string Sha256Attribute = "LLMEMBED.sha256";
    /// <summary>
    /// No entry is larger: a segment record (rows x (vector + kept text)) is bounded by the tenant's segment
    /// capacity and text limits far below this, and a reader never holds more than one entry.
    /// </summary>
    public const long MaxEntryBytes = 256L * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>archive.json: what the archive holds, readable without the records, and the backbones that made its vectors.</summary>
public sealed record ArchiveHeader(
    int Format, string Product, string Tenant, DateTimeOffset Created, string Recipe, int Dimension,
    int Labels, long Examples, int Segments, int Heads, int Tasks, bool KeepTexts, BackboneFingerprint[] Backbones);

/// <summary>manifest.json: every entry before it, in order.</summary>
public sealed record ArchiveManifest(int Format, ArchiveManifestEntry[] Entries);

public sealed record ArchiveManifestEntry(string Name, long Bytes, string Sha256);
