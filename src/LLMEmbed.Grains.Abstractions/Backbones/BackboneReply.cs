namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>A replica's answer: the vectors, and its queue depth when it answered (for the caller's router).</summary>
[GenerateSerializer, Immutable, Alias("llmembed.backbones.BackboneReply")]
public sealed record BackboneReply(
    [property: Id(0)] EmbeddingBlob Vectors,
    [property: Id(1)] int QueueDepth);
