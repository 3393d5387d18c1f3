using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// Restore (see ITenantArchiveGrain): every piece is checked against the archive's state and written under this grain's
// id; the state goes last, only when every piece arrived, so an abandoned or broken restore leaves no tenant.
public sealed partial class TenantGrain
{
    private OpenRestore? _restore;

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
    private OpenRestore OpenRestoreOf(string restoreId) =>
        _restore is { } open && open.Id == restoreId ? open
            : throw new PreconditionFailedException($"Tenant '{Tenant}' has no open restore {restoreId} (a newer one replaced it, or the tenant was reactivated); import the archive again.");
}
