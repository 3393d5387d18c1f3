namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// One replica of one frozen backbone on one backbone-host silo, keyed by <see cref="ReplicaKey"/>
/// (backbone id + silo). Placement puts it on exactly that silo and refuses when the silo is gone or
/// does not host backbones, so a caller addresses each replica individually and routes among them.
/// Reentrant: concurrent callers' texts wait in the replica's queue and share model runs.
/// </summary>
[Alias("llmembed.backbones.IBackboneReplicaGrain")]
public interface IBackboneReplicaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tokenizes and embeds the texts; vectors come back [text, tap, hidden] with the replica's queue
    /// depth after the call. Fails at once with <see cref="BackboneOverloadedGrainException"/> when the
    /// queue cannot take them. Cancelling drops texts not yet run.
    /// </summary>
    [Alias("Embed")]
    Task<BackboneReply> Embed(EmbedTextsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sequences waiting in this replica's queue now (a cheap probe for routing; 0 before its backbone is loaded).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("QueueDepth")]
    Task<int> QueueDepth();

    /// <summary>The silo, execution provider and batching counters of this replica; null while its silo has not loaded the backbone (asking never loads it).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("Describe")]
    Task<BackboneInfo?> Describe();
}
