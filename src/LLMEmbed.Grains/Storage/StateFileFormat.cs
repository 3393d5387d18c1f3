using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// Layout of one state file: magic "LMS1", version (int64), key length, payload length, SHA-256
/// of everything after the hash, the grain key (UTF-8, for people reading the folder) and the
/// payload. A file cut short or altered fails the length or hash check instead of loading garbage.
/// </summary>
internal static class StateFileFormat
{
    private static ReadOnlySpan<byte> Magic => "LMS1"u8;
    private const int HashSize = 32;
    private const int HeaderSize = 4 + 8 + 4 + 4 + HashSize;

    public static byte[] Encode(long version, string grainKey, ReadOnlySpan<byte> payload)
    {
        var key = Encoding.UTF8.GetBytes(grainKey);
        var file = new byte[HeaderSize + key.Length + payload.Length];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(4), version);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(12), key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), payload.Length);
        key.CopyTo(file, HeaderSize);
        payload.CopyTo(file.AsSpan(HeaderSize + key.Length));
        Hash(file, file.AsSpan(20, HashSize));
        return file;
    }

    /// <summary>Version and payload of a state file; throws <see cref="InvalidDataException"/> naming the file when it is damaged.</summary>
    public static (long Version, ReadOnlyMemory<byte> Payload) Decode(byte[] file, string path)
    {
        if (file.Length < HeaderSize || !file.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException($"State file '{path}' has no valid header ({file.Length} bytes).");
        var version = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(4));
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12));
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16));
        if (keyLength < 0 || payloadLength < 0 || (long)HeaderSize + keyLength + payloadLength != file.Length)
            throw new InvalidDataException($"State file '{path}' is {file.Length} bytes; its header announces {HeaderSize + (long)keyLength + payloadLength}.");
        Span<byte> hash = stackalloc byte[HashSize];
        Hash(file, hash);
        if (!hash.SequenceEqual(file.AsSpan(20, HashSize)))
            throw new InvalidDataException($"State file '{path}' fails its checksum.");
        return (version, file.AsMemory(HeaderSize + keyLength, payloadLength));
    }

    /// <summary>Version only, without reading the payload (for concurrency checks before a write).</summary>
    public static long ReadVersion(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.ReadExactly(head);
        if (!head[..4].SequenceEqual(Magic))
            throw new InvalidDataException($"State file '{path}' has no valid header.");
        return BinaryPrimitives.ReadInt64LittleEndian(head[4..]);
    }

    private static void Hash(byte[] file, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file, 4, 16);
        hash.AppendData(file, HeaderSize, file.Length - HeaderSize);
        hash.GetHashAndReset(destination);
    }
}
