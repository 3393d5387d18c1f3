namespace LLMEmbed.Core.Batching;

/// <summary>Counters of one <see cref="BackboneBatcher"/> since it started.</summary>
public readonly record struct BatcherStatistics(
    long Batches, long Sequences, int LargestBatch, long Rejected, long Dropped, int QueueDepth)
{
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Sequences / Batches;
}
