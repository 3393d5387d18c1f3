using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace LLMEmbed.Core.Export;

/// <summary>
/// Writes a 2-D float32 matrix in NumPy's .npy format, version 1.0: magic, a little-endian header dict
/// (<c>descr '&lt;f4'</c>, C order, shape) padded with spaces to a multiple of 64 bytes, then the values row by row.
/// </summary>
public static class NpyWriter
{
    public static void Write(Stream stream, IReadOnlyList<float[]> rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        for (int r = 0; r < rows.Count; r++)
            if (rows[r] is null || rows[r].Length != columns)
                throw new ArgumentException($"Row {r} has {rows[r]?.Length ?? 0} values; every row needs {columns}.", nameof(rows));

        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {columns}), }}");
        // magic (6) + version (2) + header length (2) + header, the header ending in '\n', all a multiple of 64.
        int unpadded = 10 + dict.Length + 1;
        int headerLength = dict.Length + 1 + (64 - unpadded % 64) % 64;
        var header = new byte[10 + headerLength];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerLength);
        Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1)).CopyTo(header, 10);
        header[^1] = (byte)'\n';
        stream.Write(header);

        var buffer = new byte[columns * sizeof(float)];
        foreach (float[] row in rows)
        {
            for (int c = 0; c < columns; c++)
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(c * sizeof(float)), row[c]);
            stream.Write(buffer);
        }
    }

    public static void Write(string path, IReadOnlyList<float[]> rows, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        Write(stream, rows, columns);
    }
}
