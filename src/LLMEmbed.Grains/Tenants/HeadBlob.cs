namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One head version as HeadSerializer bytes (versioned, checksummed), its own storage record, with the reference
/// rows its scope is scored against (ReferenceRowsSerializer bytes; null for heads trained before abstention).
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadBlob")]
public sealed record HeadBlob([property: Id(0)] byte[] Bytes, [property: Id(1)] byte[]? ReferenceRows = null);
