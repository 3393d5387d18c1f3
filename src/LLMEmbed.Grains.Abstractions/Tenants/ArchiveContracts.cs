using System.Globalization;

namespace LLMEmbed.Grains.Abstractions.Tenants;

[Alias("llmembed.tenant.ArchivePieceKind")]
public enum ArchivePieceKind { Segment = 1, Head = 2 }

/// <summary>
/// One record of a tenant archive besides its state: segment <see cref="Index"/>, or head <see cref="Index"/>
/// (the version) of task <see cref="Task"/> (0 = the default task). Its entry name in the archive is fixed by these.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ArchivePiece")]
public sealed record ArchivePiece(
    [property: Id(0)] ArchivePieceKind Kind,
    [property: Id(1)] int Index,
    [property: Id(2)] int Task = 0)
{
    /// <summary>The archive entry holding the tenant's state record (not a piece: it says which pieces follow).</summary>
    public const string StateEntryName = "state.bin";

    public string EntryName => Kind == ArchivePieceKind.Segment
        ? string.Create(CultureInfo.InvariantCulture, $"segments/{Index:D6}.bin")
        : string.Create(CultureInfo.InvariantCulture, $"heads/task{Task}/v{Index:D6}.bin");

    /// <summary>The piece an entry name stands for; null for a name that is no piece's.</summary>
    public static ArchivePiece? FromEntryName(string name)
    {
        var parts = name.Split('/');
        if (parts is ["segments", var file] && Number(file, "", ".bin") is { } segment) return new ArchivePiece(ArchivePieceKind.Segment, segment);
        if (parts is ["heads", var task, var head] && Number(task, "task", "") is { } key && Number(head, "v", ".bin") is { } version && version > 0)
            return new ArchivePiece(ArchivePieceKind.Head, version, key);
        return null;
    }

    private static int? Number(string text, string prefix, string suffix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > prefix.Length + suffix.Length
        && int.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : null;
}

/// <summary>What an export reads: the state record (bytes as stored) and the pieces it references, in archive order.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantExportPlan")]
public sealed record TenantExportPlan(
    [property: Id(0)] string ExportId,
    [property: Id(1)] byte[] State,
    [property: Id(2)] ArchivePiece[] Pieces,
    [property: Id(3)] TenantArchiveFacts Facts);

/// <summary>The tenant at export, for the archive's header (archive.json): what it holds, readable without the records.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantArchiveFacts")]
public sealed record TenantArchiveFacts(
    [property: Id(0)] string Recipe,
    [property: Id(1)] int Dimension,
    [property: Id(2)] int Labels,
    [property: Id(3)] long Examples,
    [property: Id(4)] int Segments,
    [property: Id(5)] int Heads,
    [property: Id(6)] int Tasks,
    [property: Id(7)] bool KeepTexts,
    [property: Id(8)] BackboneFingerprint[] Backbones);

/// <summary>
/// What made a backbone's vectors: the model file's SHA-256 (from its manifest; null where the manifest has none) and
/// the precision it runs at. Restored vectors agree with the new ones a cluster makes only where these agree.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.BackboneFingerprint")]
public sealed record BackboneFingerprint(
    [property: Id(0)] string Backbone,
    [property: Id(1)] string? ModelSha256,
    [property: Id(2)] string Precision);
