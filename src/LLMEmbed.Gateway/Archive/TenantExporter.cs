using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Archive;

/// <summary>What an export or a restore moved.</summary>
public sealed record ArchiveTotals(long Bytes, int Entries);

/// <summary>
/// Writes one tenant as an archive: the tenant grain's snapshot plan, then each piece pulled from the grain and
/// written before the next is asked for, so the gateway holds one segment at most. GRPC and HTTP both use it.
/// </summary>
public sealed class TenantExporter(IGrainFactory grains)
{
    public async Task ExportAsync(string tenant, Stream output, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ITenantArchiveGrain>(tenant);
        var plan = await grain.BeginExport();
        try
        {
            await using var archive = new TenantArchiveWriter(output);
            var facts = plan.Facts;
            await archive.WriteHeaderAsync(new ArchiveHeader(ArchiveLayout.FormatVersion, ArchiveLayout.Product, tenant, DateTimeOffset.UtcNow,
                facts.Recipe, facts.Dimension, facts.Labels, facts.Examples, facts.Segments, facts.Heads, facts.Tasks, facts.KeepTexts, facts.Backbones),
                cancellationToken);
            await archive.WriteEntryAsync(ArchiveLayout.StateEntry, plan.State, cancellationToken);
            for (var i = 0; i < plan.Pieces.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await archive.WriteEntryAsync(plan.Pieces[i].EntryName, await grain.ExportPiece(plan.ExportId, i), cancellationToken);
            }
            await archive.FinishAsync(cancellationToken);
        }
        finally
        {
            await grain.EndExport(plan.ExportId);
        }
    }
}
