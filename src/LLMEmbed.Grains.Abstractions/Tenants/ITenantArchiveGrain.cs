namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// Export and restore of a whole tenant, one bounded piece (a segment or a head record) per call, so neither the
/// gateway nor a grain call ever holds the whole tenant. Pieces are the records as the tenant stores them (Orleans
/// serializer bytes); the gateway moves them without reading them.
/// </summary>
[Alias("llmembed.tenant.ITenantArchiveGrain")]
public interface ITenantArchiveGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the snapshot: the state as stored now (transient parts dropped) and the pieces it references. Until
    /// <see cref="EndExport"/> (or five minutes with no piece read, after which the export cannot go on) edits that rewrite stored rows are refused, so every
    /// piece read under this export is the snapshot's.
    /// </summary>
    [Alias("BeginExport")] Task<TenantExportPlan> BeginExport();
    /// <summary>The bytes of the plan's piece at <paramref name="index"/>: a segment (its acknowledged rows as one record) or a head record.</summary>
    [Alias("ExportPiece")] Task<byte[]> ExportPiece(string exportId, int index);
    [Alias("EndExport")] Task EndExport(string exportId);

    /// <summary>
    /// Starts restoring an archive into this (absent) tenant: AlreadyExists when it exists. The state is checked
    /// here (it names every piece that must follow) but written only by <see cref="FinishRestore"/>, and so are the
    /// backbones that made the archive's vectors (FailedPrecondition when this cluster's differ). A newer restore
    /// replaces an unfinished one.
    /// </summary>
    [Alias("BeginRestore")] Task BeginRestore(string restoreId, byte[] state, BackboneFingerprint[] madeBy);
    /// <summary>Writes one piece under this tenant's id (checked against the state first); the tenant still does not exist.</summary>
    [Alias("RestorePiece")] Task RestorePiece(string restoreId, ArchivePiece piece, byte[] bytes);
    /// <summary>Writes the state once every piece it references was restored: the tenant exists from here on.</summary>
    [Alias("FinishRestore")] Task<TenantInfo> FinishRestore(string restoreId);
    /// <summary>Removes the pieces an unfinished restore wrote (the archive turned out bad); the tenant stays absent.</summary>
    [Alias("AbandonRestore")] Task AbandonRestore(string restoreId);
}
