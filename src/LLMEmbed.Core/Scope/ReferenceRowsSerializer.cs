using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace LLMEmbed.Core.Scope;

/// <summary>
/// Binary form of <see cref="ReferenceRows"/> (little-endian): "LERR" magic, u16 version, i32 dimension,
/// i32 neighbours, i32 rows, f16[rows*dimension]; from version 2 also i32 centre length (0 or dimension) and
/// f32[centre]; then CRC-32 of all preceding bytes. Version 1 records still read (no centre: raw cosines).
/// </summary>
public static class ReferenceRowsSerializer
{
    public const ushort FormatVersion = 2;
    private static ReadOnlySpan<byte> Magic => "LERR"u8;
    private const int HeaderBytes = 4 + 2 + 4 + 4 + 4;

    public static byte[] ToBytes(ReferenceRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = MemoryMarshal.AsBytes(rows.Values);
        var centre = rows.Centre?.ToArray() ?? [];
        var bytes = new byte[HeaderBytes + values.Length + 4 + centre.Length * 4 + 4];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), rows.Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), rows.Neighbours);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), rows.Count);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Reference rows are written on little-endian machines only.");
        values.CopyTo(bytes.AsSpan(HeaderBytes));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(HeaderBytes + values.Length), centre.Length);
        MemoryMarshal.AsBytes(centre.AsSpan()).CopyTo(bytes.AsSpan(HeaderBytes + values.Length + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }

    public static ReferenceRows FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes + 4 || !bytes[..4].SequenceEqual(Magic))
            throw new InvalidDataException("Not a reference-rows record (bad magic or too short).");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version is < 1 or > FormatVersion) throw new InvalidDataException($"Reference-rows format version {version} is not supported (this build reads {FormatVersion}).");
        if (Crc32.HashToUInt32(bytes[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]))
            throw new InvalidDataException("Reference-rows record is corrupt (checksum mismatch).");
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes[6..]);
        var neighbours = BinaryPrimitives.ReadInt32LittleEndian(bytes[10..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[14..]);
        var payload = bytes[HeaderBytes..^4];
        var rowBytes = (long)dimension * count * 2;
        if (dimension < 1 || count < 1 || rowBytes > payload.Length)
            throw new InvalidDataException($"Reference-rows record says {count} x {dimension} but holds {payload.Length} bytes.");
        float[]? centre = null;
        var rest = payload[(int)rowBytes..];
        if (version >= 2)
        {
            var length = rest.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(rest) : -1;
            if ((length != 0 && length != dimension) || rest.Length != 4 + length * 4)
                throw new InvalidDataException($"Reference-rows record has a {length}-value centre for {dimension}-wide rows in {rest.Length} bytes.");
            if (length > 0) centre = MemoryMarshal.Cast<byte, float>(rest[4..]).ToArray();
        }
        else if (!rest.IsEmpty) throw new InvalidDataException($"Reference-rows record says {count} x {dimension} but holds {payload.Length} bytes.");
        return new ReferenceRows(MemoryMarshal.Cast<byte, Half>(payload[..(int)rowBytes]).ToArray(), dimension, neighbours, centre);
    }
}
