using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// An export the tenant has open: its snapshot, and when it was last read. Held in memory only: an export outlives
/// neither its idle timeout nor the activation, and one that is gone is simply started again.
/// </summary>
internal sealed class OpenExport(string id, TenantState snapshot, ArchivePiece[] pieces)
{
    /// <summary>
    /// An export no piece was read from for this long no longer holds edits back (and cannot go on): long enough for a
    /// slow client to take one segment, short enough that a vanished one does not hold edits for long.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    public string Id { get; } = id;
    public TenantState Snapshot { get; } = snapshot;
    public ArchivePiece[] Pieces { get; } = pieces;
    public DateTimeOffset LastRead { get; private set; } = DateTimeOffset.UtcNow;

    public bool Live => DateTimeOffset.UtcNow - LastRead < IdleTimeout;
    public void Touch() => LastRead = DateTimeOffset.UtcNow;
}

/// <summary>A restore under way: the state it will write last, and the pieces written so far (to finish or to undo).</summary>
internal sealed class OpenRestore(string id, TenantState state, ArchivePiece[] required)
{
    public string Id { get; } = id;
    public TenantState State { get; } = state;
    public HashSet<ArchivePiece> Required { get; } = [.. required];
    public HashSet<ArchivePiece> Written { get; } = [];
}
