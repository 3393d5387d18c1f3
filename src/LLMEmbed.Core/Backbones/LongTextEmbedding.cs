namespace LLMEmbed.Core.Backbones;

/// <summary>One pooled row per text, and how many backbone windows the texts took (their count when truncating).</summary>
public sealed record LongTextEmbedding(PooledLayers Pooled, int Windows);
