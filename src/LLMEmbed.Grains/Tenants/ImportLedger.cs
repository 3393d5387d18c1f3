using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Rows committed per import id, kept in the tenant state and written with the rows themselves, so
/// a resumed import knows exactly where the stored part ends. The most recent imports are kept.
/// </summary>
public static class ImportLedger
{
    public const int Kept = 64;

    public static long Committed(ImportRecord[] imports, string importId) =>
        imports.FirstOrDefault(i => string.Equals(i.Id, importId, StringComparison.Ordinal))?.Rows ?? 0;

    /// <summary>
    /// The ledger after <paramref name="rows"/> more rows of <paramref name="importId"/>, which must start
    /// exactly where the stored part ends (<paramref name="firstRow"/>): never twice, never with a gap.
    /// </summary>
    public static ImportRecord[] Advance(ImportRecord[] imports, string importId, long firstRow, int rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(importId);
        ImportIds.Checked(importId);
        var committed = Committed(imports, importId);
        if (firstRow != committed)
            throw new PreconditionFailedException(
                $"Import {importId} has {committed} rows committed; a chunk starting at row {firstRow} would {(firstRow < committed ? "store rows twice" : "leave a gap")}.");
        var others = imports.Where(i => !string.Equals(i.Id, importId, StringComparison.Ordinal));
        return [.. others.TakeLast(Kept - 1), new ImportRecord(importId, committed + rows, DateTimeOffset.UtcNow)];
    }
}
