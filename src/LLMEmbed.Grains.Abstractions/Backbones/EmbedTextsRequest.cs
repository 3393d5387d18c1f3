namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// Texts to embed with one backbone; each text gets one vector per tap. Texts were validated by the
/// edge that received them. With <see cref="Truncate"/> false, a text over the backbone's token limit
/// fails the call (nothing is run); with true it is cut and flagged in <see cref="EmbeddingBlob.Truncated"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.backbones.EmbedTextsRequest")]
public sealed record EmbedTextsRequest(
    [property: Id(0)] string[] Texts,
    [property: Id(1)] int[] Taps,
    [property: Id(2)] PoolingContract Pooling,
    [property: Id(3)] EmbeddingPrecision Precision = EmbeddingPrecision.Float32,
    [property: Id(4)] bool Truncate = true,
    // Null = truncate. With chunk, a text over the token limit runs as several windows pooled back into one vector.
    [property: Id(5)] LongTextSettings? LongText = null);
