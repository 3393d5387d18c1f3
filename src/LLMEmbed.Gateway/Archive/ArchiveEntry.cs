namespace LLMEmbed.Gateway.Archive;

/// <summary>One verified entry of a tenant archive: its name and its bytes (their SHA-256 matched).</summary>
public sealed record ArchiveEntry(string Name, byte[] Data);
