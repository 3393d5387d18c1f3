namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>How vector values are packed in an <see cref="EmbeddingBlob"/>.</summary>
[GenerateSerializer, Alias("llmembed.backbones.EmbeddingPrecision")]
public enum EmbeddingPrecision
{
    /// <summary>IEEE float32, little-endian: exact.</summary>
    Float32,
    /// <summary>IEEE float16, little-endian: half the bytes, about 3 significant digits.</summary>
    Float16,
}
