using LLMEmbed.Core.Scope;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Rebuilds a head version's Core guard from its stored record and reference rows.</summary>
internal static class HeadGuards
{
    /// <returns>Null for heads trained before abstention (no scope record or no reference rows): they never abstain.</returns>
    public static HeadGuard? From(HeadRecord? record, byte[]? referenceRows)
    {
        if (record?.Scope is not { } scope || referenceRows is null || referenceRows.Length == 0) return null;
        var calibration = record.Calibration;
        return new HeadGuard(calibration?.Temperature ?? 1, calibration?.EceBefore ?? double.NaN, calibration?.EceAfter ?? double.NaN,
            calibration?.Rows ?? 0, ReferenceRowsSerializer.FromBytes(referenceRows), scope.Threshold, scope.TargetCoverage, scope.Coverage);
    }
}
