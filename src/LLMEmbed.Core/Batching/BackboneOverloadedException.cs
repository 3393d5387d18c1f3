namespace LLMEmbed.Core.Batching;

/// <summary>
/// The backbone's queue cannot take the request now. Raised at once instead of queuing without
/// bound; callers should back off and retry (gRPC: ResourceExhausted).
/// </summary>
public sealed class BackboneOverloadedException : Exception
{
    public BackboneOverloadedException(string backboneId, int queued, int requested, int capacity)
        : base($"Backbone '{backboneId}' is overloaded: {queued} sequences queued, {requested} more requested, capacity {capacity}. Retry later.")
    {
        BackboneId = backboneId;
        Queued = queued;
        Requested = requested;
        Capacity = capacity;
    }

    public string BackboneId { get; }
    public int Queued { get; }
    public int Requested { get; }
    public int Capacity { get; }
}
