using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Versioned binary form of a <see cref="MultiLabelHead"/>. Layout (little-endian): "LEML" magic, u16 format
/// version, u8 flags (bit 0: standardizer present), i32 input dim, i32 label count + (i32 byte length, UTF-8) per
/// label, f32[labels x dim] weights, f32[labels] biases, f32[labels] thresholds, [f32[dim] mean, f32[dim] std],
/// training (f64[labels] C, f64[labels] tuned thresholds, string selection, f64 cv micro-F1, i32 rows,
/// f64 seconds), then CRC-32 of all preceding bytes.
/// </summary>
public static class MultiLabelHeadSerializer
{
    public const ushort FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "LEML"u8;
    private const byte HasStandardizer = 1;

    public static byte[] ToBytes(MultiLabelHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var buffer = new ArrayBufferWriter<byte>(256 + 4 * (head.LabelCount * (head.InputDim + 8) + 2 * head.InputDim));
        buffer.Write(Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), FormatVersion);
        buffer.Advance(2);
        buffer.Write([head.Standardizer is null ? (byte)0 : HasStandardizer]);
        WriteInt32(buffer, head.InputDim);
        WriteInt32(buffer, head.LabelCount);
        foreach (string label in head.Labels) WriteString(buffer, label);
        WriteFloats(buffer, head.WeightMatrix);
        WriteFloats(buffer, head.Biases);
        WriteFloats(buffer, [.. head.Thresholds]);
        if (head.Standardizer is { } standardizer)
        {
            WriteFloats(buffer, standardizer.Mean);
            WriteFloats(buffer, standardizer.Std);
        }
        MultiLabelTraining training = head.Training;
        foreach (double c in Padded(training.C, head.LabelCount)) WriteDouble(buffer, c);
        foreach (double t in Padded(training.Thresholds, head.LabelCount)) WriteDouble(buffer, t);
        WriteString(buffer, training.Selection);
        WriteDouble(buffer, training.CvMicroF1);
        WriteInt32(buffer, training.Rows);
        WriteDouble(buffer, training.Seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), Crc32.HashToUInt32(buffer.WrittenSpan));
        buffer.Advance(4);
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">Bad magic, unknown version, truncation, bad checksum or inconsistent content.</exception>
    public static MultiLabelHead FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlySpan<byte> span = bytes;
        if (span.Length < Magic.Length || !span[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("Not a multi-label head: the magic bytes 'LEML' are missing.");
        var reader = new Reader(span, Magic.Length);
        ushort version = reader.UInt16("format version");
        if (version is 0 || version > FormatVersion)
            throw new InvalidDataException($"Multi-label head format version {version} is not supported (this build reads 1..{FormatVersion}).");
        byte flags = reader.Byte("flags");
        int dim = reader.Count("input dimension");
        int labelCount = reader.Count("label count");
        var labels = new string[labelCount];
        for (int l = 0; l < labelCount; l++) labels[l] = reader.String($"label {l}");
        float[] weights = reader.Floats((long)labelCount * dim, "weights");
        float[] biases = reader.Floats(labelCount, "biases");
        float[] thresholds = reader.Floats(labelCount, "thresholds");
        float[]? mean = null, std = null;
        if ((flags & HasStandardizer) != 0)
        {
            mean = reader.Floats(dim, "standardizer mean");
            std = reader.Floats(dim, "standardizer std");
        }
        var c = new double[labelCount];
        for (int l = 0; l < labelCount; l++) c[l] = reader.Double($"C of label {l}");
        var tuned = new double[labelCount];
        for (int l = 0; l < labelCount; l++) tuned[l] = reader.Double($"threshold of label {l}");
        string selection = reader.String("selection");
        double cvMicroF1 = reader.Double("cv micro-F1");
        int rows = reader.Int32("rows");
        double seconds = reader.Double("seconds");
        int payloadEnd = reader.Position;
        uint stored = reader.UInt32("checksum");
        if (reader.Position != span.Length)
            throw new InvalidDataException($"Multi-label head has {span.Length - reader.Position} unexpected bytes after the checksum.");
        uint actual = Crc32.HashToUInt32(span[..payloadEnd]);
        if (stored != actual)
            throw new InvalidDataException($"Multi-label head checksum mismatch: stored 0x{stored:X8}, computed 0x{actual:X8}; the bytes are corrupt.");
        try
        {
            Standardizer? standardizer = mean is null || std is null ? null : new Standardizer(mean, std);
            return new MultiLabelHead(labels, dim, weights, biases, thresholds, standardizer,
                new MultiLabelTraining(c, tuned, selection, cvMicroF1, rows, seconds));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"Multi-label head content is inconsistent: {ex.Message}", ex);
        }
    }

    private static IEnumerable<double> Padded(double[] values, int count) =>
        Enumerable.Range(0, count).Select(i => values is not null && i < values.Length ? values[i] : double.NaN);

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteDouble(ArrayBufferWriter<byte> buffer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void WriteFloats(ArrayBufferWriter<byte> buffer, ReadOnlySpan<float> values)
    {
        Span<byte> destination = buffer.GetSpan(values.Length * 4)[..(values.Length * 4)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
        buffer.Advance(destination.Length);
    }

    /// <summary>Bounds-checked little-endian cursor; every failure names the field and offset.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes, int position)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        public int Position { get; private set; } = position;

        public byte Byte(string field) => Take(1, field)[0];
        public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
        public int Int32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
        public uint UInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
        public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

        public int Count(string field)
        {
            int offset = Position;
            int value = Int32(field);
            if (value < 1)
                throw new InvalidDataException($"Multi-label head {field} is {value} at offset {offset}; at least 1 expected.");
            return value;
        }

        public string String(string field)
        {
            int offset = Position;
            int length = Int32(field + " length");
            if (length < 0)
                throw new InvalidDataException($"Multi-label head {field} has negative length {length} at offset {offset}.");
            return Encoding.UTF8.GetString(Take(length, field));
        }

        public float[] Floats(long count, string field)
        {
            ReadOnlySpan<byte> raw = Take(checked(count * 4), field);
            var values = new float[count];
            if (BitConverter.IsLittleEndian)
                raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            else
                for (int i = 0; i < values.Length; i++)
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
            return values;
        }

        private ReadOnlySpan<byte> Take(long length, string field)
        {
            long left = _bytes.Length - Position;
            if (length > left)
                throw new InvalidDataException($"Multi-label head is truncated: {field} needs {length} bytes at offset {Position}, only {left} remain.");
            ReadOnlySpan<byte> slice = _bytes.Slice(Position, (int)length);
            Position += (int)length;
            return slice;
        }
    }
}
