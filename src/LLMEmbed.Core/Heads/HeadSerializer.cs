using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// Compact versioned binary form of a <see cref="Head"/>. Layout (little-endian):
/// "LEHD" magic, u16 format version, u8 kind, u8 flags (bit 0: standardizer present), i32 input dim,
/// i32 label count + (i32 byte length, UTF-8) per label, i32 layer count + (i32 in, i32 out,
/// f32[out*in] weights, f32[out] biases) per layer, [f32[in] mean, f32[in] std], training info
/// (i32 epochs, i32 best epoch, f64 best loss, i32 examples, string options; from version 2 also f32 l2,
/// f32 dropout, f64 cross-validated accuracy, string selection), then CRC-32 (ISO-HDLC, as zip and PNG use) of all preceding bytes.
/// Version 1 files still read; their selection fields come back NaN / empty.
/// </summary>
public static class HeadSerializer
{
    public const ushort FormatVersion = 2;
    private static ReadOnlySpan<byte> Magic => "LEHD"u8;
    private const byte HasStandardizer = 1;

    public static byte[] ToBytes(Head head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var buffer = new ArrayBufferWriter<byte>(EstimateSize(head));
        buffer.Write(Magic);
        WriteUInt16(buffer, FormatVersion);
        buffer.Write([(byte)head.Kind, head.Standardizer is null ? (byte)0 : HasStandardizer]);
        WriteInt32(buffer, head.InputDim);
        WriteInt32(buffer, head.Labels.Count);
        foreach (string label in head.Labels)
            WriteString(buffer, label);
        WriteInt32(buffer, head.Layers.Count);
        foreach (DenseLayer layer in head.Layers)
        {
            WriteInt32(buffer, layer.InputDim);
            WriteInt32(buffer, layer.OutputDim);
            WriteFloats(buffer, layer.Weights);
            WriteFloats(buffer, layer.Biases);
        }
        if (head.Standardizer is { } standardizer)
        {
            WriteFloats(buffer, standardizer.Mean);
            WriteFloats(buffer, standardizer.Std);
        }
        HeadTrainingInfo info = head.Training;
        WriteInt32(buffer, info.Epochs);
        WriteInt32(buffer, info.BestEpoch);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), info.BestValidationLoss);
        buffer.Advance(8);
        WriteInt32(buffer, info.TrainingExamples);
        WriteString(buffer, info.OptionsSummary);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), info.L2);
        buffer.Advance(4);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), info.Dropout);
        buffer.Advance(4);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), info.CvAccuracy);
        buffer.Advance(8);
        WriteString(buffer, info.Selection);
        uint crc = Crc32.HashToUInt32(buffer.WrittenSpan);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), crc);
        buffer.Advance(4);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Stream stream, Head head)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(head));
    }

    /// <summary>Reads a head written by <see cref="Write"/> (reads the stream to its end).</summary>
    public static Head Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return FromBytes(memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }

    /// <exception cref="InvalidDataException">Bad magic, newer format version, truncation, bad checksum or inconsistent content.</exception>
    public static Head FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("Not a head file: the magic bytes 'LEHD' are missing.");
        var reader = new Reader(bytes, Magic.Length);
        ushort version = reader.UInt16("format version");
        if (version > FormatVersion)
            throw new InvalidDataException($"Head file format version {version} is newer than this build supports ({FormatVersion}).");
        if (version == 0)
            throw new InvalidDataException("Head file format version 0 is invalid.");

        byte kindByte = reader.Byte("kind");
        if (!Enum.IsDefined((HeadKind)kindByte))
            throw new InvalidDataException($"Head file names unknown head kind {kindByte} at offset 6.");
        byte flags = reader.Byte("flags");
        int inputDim = reader.Count("input dimension", minimum: 1);
        int labelCount = reader.Count("label count", minimum: 2);
        var labels = new string[labelCount];
        for (int i = 0; i < labelCount; i++)
            labels[i] = reader.String($"label {i}");
        int layerCount = reader.Count("layer count", minimum: 1);
        var layers = new DenseLayer[layerCount];
        for (int l = 0; l < layerCount; l++)
        {
            int inDim = reader.Count($"layer {l} input width", minimum: 1);
            int outDim = reader.Count($"layer {l} output width", minimum: 1);
            float[] weights = reader.Floats((long)inDim * outDim, $"layer {l} weights");
            float[] biases = reader.Floats(outDim, $"layer {l} biases");
            layers[l] = new DenseLayer(inDim, outDim, weights, biases);
        }
        Standardizer? standardizer = null;
        float[]? mean = null, std = null;
        if ((flags & HasStandardizer) != 0)
        {
            mean = reader.Floats(inputDim, "standardizer mean");
            std = reader.Floats(inputDim, "standardizer std");
        }
        int epochs = reader.Int32("epochs");
        int bestEpoch = reader.Int32("best epoch");
        double bestLoss = reader.Double("best validation loss");
        int examples = reader.Int32("training examples");
        string summary = reader.String("options summary");
        float l2 = float.NaN, dropout = float.NaN;
        double cvAccuracy = double.NaN;
        string selection = "";
        if (version >= 2)
        {
            l2 = reader.Single("l2");
            dropout = reader.Single("dropout");
            cvAccuracy = reader.Double("cv accuracy");
            selection = reader.String("selection");
        }

        int payloadEnd = reader.Position;
        uint storedCrc = reader.UInt32("checksum");
        if (reader.Position != bytes.Length)
            throw new InvalidDataException($"Head file has {bytes.Length - reader.Position} unexpected bytes after the checksum at offset {reader.Position}.");
        uint actualCrc = Crc32.HashToUInt32(bytes[..payloadEnd]);
        if (storedCrc != actualCrc)
            throw new InvalidDataException($"Head file checksum mismatch: stored 0x{storedCrc:X8}, computed 0x{actualCrc:X8}; the file is corrupt.");

        try
        {
            if (mean is not null && std is not null)
                standardizer = new Standardizer(mean, std);
            if (layers[0].InputDim != inputDim)
                throw new ArgumentException($"first layer takes {layers[0].InputDim} inputs but the header says {inputDim}");
            return new Head((HeadKind)kindByte, labels, standardizer, layers,
                new HeadTrainingInfo(epochs, bestEpoch, bestLoss, examples, summary, l2, dropout, cvAccuracy, selection));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"Head file content is inconsistent: {ex.Message}", ex);
        }
    }

    private static int EstimateSize(Head head) =>
        (int)Math.Min(int.MaxValue, 256L + head.Labels.Sum(l => 4L + l.Length * 3)
            + head.Layers.Sum(l => 8L + 4L * ((long)l.InputDim * l.OutputDim + l.OutputDim)) + 8L * head.InputDim);

    private static void WriteUInt16(ArrayBufferWriter<byte> buffer, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
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
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(values).CopyTo(destination);
        else
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
        public float Single(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));
        public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

        public int Count(string field, int minimum)
        {
            int offset = Position;
            int value = Int32(field);
            if (value < minimum)
                throw new InvalidDataException($"Head file {field} is {value} at offset {offset}; at least {minimum} expected.");
            return value;
        }

        public string String(string field)
        {
            int offset = Position;
            int length = Int32(field + " length");
            if (length < 0)
                throw new InvalidDataException($"Head file {field} has negative length {length} at offset {offset}.");
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
                throw new InvalidDataException($"Head file is truncated: {field} needs {length} bytes at offset {Position}, only {left} remain.");
            ReadOnlySpan<byte> slice = _bytes.Slice(Position, (int)length);
            Position += (int)length;
            return slice;
        }
    }
}
