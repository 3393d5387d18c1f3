using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// What a tenant archive carries and what a restore accepts: the exported state (transient parts dropped), the
/// pieces a state references, and the checks each restored record passes before it is written.
/// </summary>
internal static class ArchiveRules
{
    public const string StateEntry = ArchivePiece.StateEntryName;

    /// <summary>
    /// The state as an archive carries it: queued and running jobs dropped (no run survives the move) and no tail
    /// layout, since every segment is exported whole as one record.
    /// </summary>
    public static TenantState Exported(TenantState state) => state with
    {
        Jobs = state.Jobs.Where(j => j.State.IsFinished()).ToArray(),
        Tail = null,
    };

    /// <summary>Every piece the state references, in archive order: segments, then the default task's heads, then each named task's.</summary>
    public static ArchivePiece[] PiecesOf(TenantState state) =>
    [
        .. Enumerable.Range(0, state.SegmentCounts.Length).Select(s => new ArchivePiece(ArchivePieceKind.Segment, s)),
        .. state.Heads.Select(h => new ArchivePiece(ArchivePieceKind.Head, h.Version)),
        .. state.Tasks.SelectMany(t => t.Heads.Select(h => new ArchivePiece(ArchivePieceKind.Head, h.Version, t.Key))),
    ];

    public static TenantArchiveFacts Facts(TenantState state, BackboneFingerprint[] backbones) => new(
        state.RequiredSettings.Recipe, state.Dimension, state.Labels.Count(l => !l.Retired), state.Examples, state.SegmentCounts.Length,
        state.Heads.Length + state.Tasks.Sum(t => t.Heads.Length), state.Tasks.Length, state.RequiredSettings.KeepTexts, backbones);

    /// <summary>
    /// Refuses a restore onto backbones other than those that made the archive's vectors: stored rows would no
    /// longer match what the cluster makes of new texts, and answers would differ.
    /// </summary>
    public static void CheckBackbones(BackboneFingerprint[] madeBy, IReadOnlyList<BackboneFingerprint> here)
    {
        foreach (var made in madeBy)
        {
            var served = here.FirstOrDefault(h => h.Backbone == made.Backbone);
            if (served == made) continue;
            throw new PreconditionFailedException(
                $"archive: backbone {made.Backbone} made its vectors from model {made.ModelSha256 ?? "(no hash)"} at {made.Precision}; this cluster "
                + (served is null ? "does not serve it for the tenant's recipe" : $"serves model {served.ModelSha256 ?? "(no hash)"} at {served.Precision}")
                + ". Serve the same model files (models/*.json) to restore it.");
        }
    }

    /// <summary>Refuses a restored state this cluster cannot hold as it is (segments larger than its segment capacity).</summary>
    public static void CheckState(TenantState state, int segmentCapacity)
    {
        if (!state.Exists || state.Settings is null) throw Invalid(StateEntry, "it is not the state of an existing tenant");
        if (state.Tail is not null) throw Invalid(StateEntry, "it has a tail layout; an archive stores every segment whole");
        for (var s = 0; s < state.SegmentCounts.Length; s++)
            if (state.SegmentCounts[s] < 0 || state.SegmentCounts[s] > segmentCapacity)
                throw Invalid(StateEntry, $"segment {s} holds {state.SegmentCounts[s]} rows; this cluster's segments hold at most {segmentCapacity} (Tenants:SegmentCapacity)");
    }

    /// <summary>A restored segment must be exactly the rows the state acknowledges, of the state's width.</summary>
    public static void CheckSegment(ArchivePiece piece, TenantSegment segment, TenantState state)
    {
        var rows = state.SegmentCounts[piece.Index];
        if (segment.Count != rows || segment.Labels.Length != rows)
            throw Invalid(piece.EntryName, $"it holds {segment.Count} rows; the state acknowledges {rows}");
        if (rows > 0 && (segment.Dimension != state.Dimension || segment.Features.Length != rows * state.Dimension * sizeof(float)))
            throw Invalid(piece.EntryName, $"its vectors are not {rows} x {state.Dimension} float32 values");
    }

    public static InvalidRequestException Invalid(string entry, string problem) =>
        new($"archive entry {entry}: {problem}.", "archive");
}
