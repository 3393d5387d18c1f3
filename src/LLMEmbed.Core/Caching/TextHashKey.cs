using System.Runtime.InteropServices;

namespace LLMEmbed.Core.Caching;

/// <summary>A 32-byte text hash as a value, for dictionary keys without a byte[] per entry.</summary>
internal readonly record struct TextHashKey(ulong A, ulong B, ulong C, ulong D)
{
    public static TextHashKey From(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != EmbeddingCache.HashLength)
            throw new ArgumentException($"A text hash is {EmbeddingCache.HashLength} bytes (SHA-256), got {hash.Length}.", nameof(hash));
        return new TextHashKey(
            MemoryMarshal.Read<ulong>(hash),
            MemoryMarshal.Read<ulong>(hash[8..]),
            MemoryMarshal.Read<ulong>(hash[16..]),
            MemoryMarshal.Read<ulong>(hash[24..]));
    }

    public bool IsZero => (A | B | C | D) == 0;
}
