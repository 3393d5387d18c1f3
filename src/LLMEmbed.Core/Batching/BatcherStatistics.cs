namespace LLMEmbed.Core.Batching;

/// <summary>
/// Counters of one <see cref="BackboneBatcher"/> since it started. <see cref="Batches"/> are planned
/// runs taken from the queue; <see cref="Runs"/> describes those the model executed (sizes, padding).
/// </summary>
public readonly record struct BatcherStatistics(
    long Batches, long Sequences, int LargestBatch, long Rejected, long Dropped, int QueueDepth, RunStatistics? Runs = null)
{
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Sequences / Batches;

    /// <summary>The executed model runs (never null when read from a batcher).</summary>
    public RunStatistics ExecutedRuns => Runs ?? RunStatistics.None;
}
