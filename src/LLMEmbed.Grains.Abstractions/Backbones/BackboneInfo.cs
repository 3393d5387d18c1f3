namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>Where a backbone replica runs and how its batching has gone so far.</summary>
[GenerateSerializer, Immutable]
public sealed record BackboneInfo(
    [property: Id(0)] string BackboneId,
    [property: Id(1)] string Silo,
    [property: Id(2)] string ExecutionProvider,
    [property: Id(3)] int Layers,
    [property: Id(4)] int HiddenSize,
    [property: Id(5)] long Batches,
    [property: Id(6)] long Sequences,
    [property: Id(7)] int LargestBatch,
    [property: Id(8)] long Rejected,
    [property: Id(9)] long Dropped,
    [property: Id(10)] int QueueDepth)
{
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Sequences / Batches;
}
