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

    /// <summary>Refused because the estimated wait (queued tokens / measured throughput) exceeds the admitted one.</summary>
    public BackboneOverloadedException(string backboneId, TimeSpan estimatedWait, TimeSpan maxWait, int queued, int requested, int capacity)
        : base($"Backbone '{backboneId}' is overloaded: {queued} sequences queued would take about {estimatedWait.TotalSeconds:0.0} s, " +
               $"over the admitted wait of {maxWait.TotalSeconds:0.#} s. Retry later.")
    {
        BackboneId = backboneId;
        Queued = queued;
        Requested = requested;
        Capacity = capacity;
        EstimatedWait = estimatedWait;
    }

    public string BackboneId { get; }

    /// <summary>Set when the wait estimate (not the capacity) refused the request.</summary>
    public TimeSpan? EstimatedWait { get; }
    public int Queued { get; }
    public int Requested { get; }
    public int Capacity { get; }
}
