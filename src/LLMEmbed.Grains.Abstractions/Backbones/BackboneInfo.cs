namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>Where a backbone replica runs and how its batching has gone so far.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.backbones.BackboneInfo")]
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
    [property: Id(10)] int QueueDepth,
    // The model runs the planned batches were cut into: count, sequences, real and padded (count x longest) tokens, runs per size.
    [property: Id(11)] long Runs = 0,
    [property: Id(12)] long RunSequences = 0,
    [property: Id(13)] long RunRealTokens = 0,
    [property: Id(14)] long RunPaddedTokens = 0,
    [property: Id(15)] long[]? RunSizeCounts = null)
{
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Sequences / Batches;
}
