using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace LLMEmbed.Grains.Tenants;

// Export and restore (see ITenantArchiveGrain). Pieces travel as the Orleans serializer's bytes of the stored
// records, the version-tolerant format grain storage itself writes. An export's snapshot holds because edits that
// rewrite acknowledged rows wait for it to end (appends only add rows past the snapshot's counts, and head
// records are never rewritten), so every piece is read under a non-interleaved call from the snapshot's rows.
public sealed partial class TenantGrain
{
    private readonly Dictionary<string, OpenExport> _exports = new(StringComparer.Ordinal);
    private OpenRestore? _restore;

    private Serializer Records => ServiceProvider.GetRequiredService<Serializer>();

    public Task<TenantExportPlan> BeginExport()
    {
        var state = ArchiveRules.Exported(Existing());
        foreach (var idle in _exports.Values.Where(e => !e.Live).ToList()) _exports.Remove(idle.Id);
        var export = new OpenExport(Guid.NewGuid().ToString("N"), state, ArchiveRules.PiecesOf(state));
        _exports[export.Id] = export;
        var facts = ArchiveRules.Facts(state, Fingerprints(state.RequiredSettings.Recipe));
        return Task.FromResult(new TenantExportPlan(export.Id, Records.SerializeToArray(state), export.Pieces, facts));
    }

    public async Task<byte[]> ExportPiece(string exportId, int index)
    {
        // An export idle past its timeout no longer held edits back, so its snapshot may be gone: it cannot go on.
        if (!_exports.TryGetValue(exportId, out var export) || !export.Live)
        {
            _exports.Remove(exportId);
            throw new PreconditionFailedException($"Tenant '{Tenant}' has no open export {exportId} (it ended, idled out or the tenant was reactivated); start the export again.");
        }
        if ((uint)index >= (uint)export.Pieces.Length) throw new InvalidRequestException($"index: the export has {export.Pieces.Length} pieces, not {index + 1}.", "index");
        export.Touch();
        var piece = export.Pieces[index];
        if (piece.Kind == ArchivePieceKind.Segment)
        {
            var (segment, _) = await _store.ReadSegmentAsync(piece.Index, export.Snapshot.SegmentCounts[piece.Index]);
            export.Touch();
            return Records.SerializeToArray(segment);
        }
        var head = await _store.ReadHeadAsync(piece.Index, piece.Task);
        export.Touch();
        return Records.SerializeToArray(head);
    }

    public Task EndExport(string exportId)
    {
        _exports.Remove(exportId);
        return Task.CompletedTask;
    }

    /// <summary>Edits that rewrite stored rows (or drop records) wait while an export reads them.</summary>
    private void RefuseWhileExporting(string what)
    {
        if (_exports.Values.Any(e => e.Live))
            throw new PreconditionFailedException($"Tenant '{Tenant}' is being exported; {what} waits until the export ends (retry then).");
    }

    public async Task BeginRestore(string restoreId, byte[] state, BackboneFingerprint[] madeBy)
    {
        ArgumentNullException.ThrowIfNull(madeBy);
        if (_state.Exists) throw new AlreadyExistsException($"Tenant '{Tenant}' already exists; delete it or restore under another name.");
        if (_state.Deleting) await FinishDelete(_state); // a restored tenant never shares records with a half-deleted one of its name
        var restored = Decode<TenantState>(state, ArchiveRules.StateEntry);
        ArchiveRules.CheckState(restored, _options.SegmentCapacity);
        var settings = restored.RequiredSettings;
        try
        {
            SettingsRules.Check(settings);
            CheckLongText(settings.Recipe, settings.LongText);
        }
        catch (Exception e) when (e is InvalidRequestException or ArgumentException)
        {
            throw ArchiveRules.Invalid(ArchiveRules.StateEntry, $"its settings do not hold on this cluster ({e.Message})");
        }
        ArchiveRules.CheckBackbones(madeBy, Fingerprints(settings.Recipe));
        _restore = new OpenRestore(restoreId, restored, ArchiveRules.PiecesOf(restored));
    }

    public async Task RestorePiece(string restoreId, ArchivePiece piece, byte[] bytes)
    {
        var restore = OpenRestoreOf(restoreId);
        if (!restore.Required.Contains(piece)) throw ArchiveRules.Invalid(piece.EntryName, "the archive's state references no such record");
        if (piece.Kind == ArchivePieceKind.Segment)
        {
            var segment = Decode<TenantSegment>(bytes, piece.EntryName);
            ArchiveRules.CheckSegment(piece, segment, restore.State);
            restore.Written.Add(piece); // before the write: an undo clears a record whose write may have landed
            await _store.WriteBaseAsync(piece.Index, segment);
            return;
        }
        var head = Decode<HeadBlob>(bytes, piece.EntryName);
        if (head.Bytes.Length == 0) throw ArchiveRules.Invalid(piece.EntryName, "the head record is empty");
        restore.Written.Add(piece);
        await _store.WriteHeadAsync(piece.Index, head.Bytes, head.ReferenceRows, piece.Task);
    }

    public async Task<TenantInfo> FinishRestore(string restoreId)
    {
        var restore = OpenRestoreOf(restoreId);
        if (restore.Required.Except(restore.Written).FirstOrDefault() is { } missing)
            throw ArchiveRules.Invalid(missing.EntryName, "missing: the state references it but the archive did not carry it");
        if (_state.Exists) throw new AlreadyExistsException($"Tenant '{Tenant}' already exists; delete it or restore under another name.");
        _appender.Forget();
        await Commit(restore.State);
        _restore = null;
        try
        {
            _active = _state.ActiveVersion > 0 ? await LoadHead(_state.ActiveVersion) : null;
            await LoadTaskHeads();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException)
        {
            await _store.DeleteAllAsync(_state); // the archive's heads do not load here: the tenant is not left half usable
            _state = new TenantState();
            _active = null;
            throw ArchiveRules.Invalid("heads/", $"an active head does not load ({e.Message})");
        }
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
        return Info(_state);
    }

    public async Task AbandonRestore(string restoreId)
    {
        if (_restore is not { } restore || restore.Id != restoreId || _state.Exists) return;
        _restore = null;
        foreach (var piece in restore.Written)
        {
            if (piece.Kind == ArchivePieceKind.Segment) await _store.ClearSegmentAsync(piece.Index);
            else await _store.ClearHeadAsync(piece.Index, piece.Task);
        }
    }

    /// <summary>The backbones this cluster runs the recipe on, as their manifests name them.</summary>
    private BackboneFingerprint[] Fingerprints(string recipe) => RecipeCatalog.Create(recipe).Backbones
        .Select(id => _backbones.Manifest(id))
        .Select(m => new BackboneFingerprint(m.Id, m.Source.ModelSha256, m.Precision.ToString().ToLowerInvariant()))
        .ToArray();

    private OpenRestore OpenRestoreOf(string restoreId) =>
        _restore is { } open && open.Id == restoreId ? open
            : throw new PreconditionFailedException($"Tenant '{Tenant}' has no open restore {restoreId} (a newer one replaced it, or the tenant was reactivated); import the archive again.");

    private T Decode<T>(byte[] bytes, string entry)
    {
        try
        {
            return Records.Deserialize<T>(bytes) ?? throw ArchiveRules.Invalid(entry, "the record is empty");
        }
        catch (Exception e) when (e is not InvalidRequestException and not OutOfMemoryException)
        {
            throw ArchiveRules.Invalid(entry, $"not a {typeof(T).Name} record ({e.GetType().Name})");
        }
    }
}
