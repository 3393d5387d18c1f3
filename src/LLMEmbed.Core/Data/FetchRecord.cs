namespace LLMEmbed.Core.Data;

/// <summary>What <see cref="NpmPackageFetcher"/> fetched: the tarball's name, size and hashes (lower-case hex).</summary>
public sealed record FetchRecord(string Name, string Version, string Tarball, long Bytes, string Sha256, string Sha512, DateTimeOffset FetchedAt);
