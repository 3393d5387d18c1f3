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

    private BackboneFingerprint[] Fingerprints(string recipe) => RecipeCatalog.Create(recipe).Backbones
        .Select(id => _backbones.Manifest(id))
        .Select(m => new BackboneFingerprint(m.Id, m.Source.ModelSha256, m.Precision.ToString().ToLowerInvariant()))
        .ToArray();

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
