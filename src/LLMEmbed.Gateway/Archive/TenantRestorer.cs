using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Archive;

/// <summary>
/// Restores an archive as it is read: each verified entry goes to the target tenant grain, which writes it under
/// its own id; the state is written last, after the manifest checked out. On any failure the pieces written so
/// far are removed and the tenant does not exist.
/// </summary>
public sealed class TenantRestorer(IGrainFactory grains, TenantAuthenticator authenticator)
{
    /// <param name="tenant">Restore under this name; null or empty: the archive's.</param>
    public async Task<(TenantInfo Tenant, ArchiveTotals Totals)> RestoreAsync(Stream input, string? tenant, CancellationToken cancellationToken)
    {
        ITenantArchiveGrain? grain = null;
        var restoreId = Guid.NewGuid().ToString("N");
        string? name = null;
        BackboneFingerprint[] madeBy = [];
        var entries = 0;
        var bytes = 0L;
        try
        {
            await foreach (var entry in TenantArchiveReader.ReadAsync(input, cancellationToken))
            {
                entries++;
                bytes += entry.Data.LongLength;
                if (entry.Name == ArchiveLayout.HeaderEntry)
                {
                    var header = TenantArchiveReader.Header(entry.Data);
                    (name, madeBy) = (string.IsNullOrEmpty(tenant) ? header.Tenant : tenant, header.Backbones);
                    TenantIds.Validate(name);
                }
                else if (entry.Name == ArchiveLayout.StateEntry)
                {
                    grain = grains.GetGrain<ITenantArchiveGrain>(name!);
                    await grain.BeginRestore(restoreId, entry.Data, madeBy);
                }
                else await grain!.RestorePiece(restoreId, ArchivePiece.FromEntryName(entry.Name)!, entry.Data);
            }
            var info = await grain!.FinishRestore(restoreId);
            await authenticator.RevokeAsync(name!); // checks of an earlier tenant of this name (deleted through another gateway) may be cached
            return (info, new ArchiveTotals(bytes, entries));
        }
        catch (Exception) when (grain is not null)
        {
            await AbandonAsync(grain, restoreId);
            throw;
        }
    }

    private static async Task AbandonAsync(ITenantArchiveGrain grain, string restoreId)
    {
        try { await grain.AbandonRestore(restoreId); }
        catch (Exception e) when (e is StorageUnavailableException or TimeoutException) { } // orphans stay unreferenced; a retry overwrites them
    }
}
