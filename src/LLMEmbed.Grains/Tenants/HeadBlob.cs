namespace LLMEmbed.Grains.Tenants;

/// <summary>One head version as HeadSerializer bytes (versioned, checksummed), its own storage record.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadBlob")]
public sealed record HeadBlob([property: Id(0)] byte[] Bytes);
