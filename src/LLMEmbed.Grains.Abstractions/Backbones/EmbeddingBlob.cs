using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// Pooled vectors [sequence, tap, hidden] as one little-endian byte block. Vectors cross silos in
/// this form because Orleans copies a byte[] in one block but encodes a float[] value by value.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.backbones.EmbeddingBlob")]
public sealed record EmbeddingBlob(
    [property: Id(0)] int Sequences,
    [property: Id(1)] int Taps,
    [property: Id(2)] int Hidden,
    [property: Id(3)] EmbeddingPrecision Precision,
    [property: Id(4)] byte[] Data)
{
    /// <summary>Per sequence: whether its text was cut to the backbone's token limit (empty when none was).</summary>
    [Id(5)] public bool[] Truncated { get; init; } = [];

    public bool WasTruncated(int sequence) => Truncated.Length > sequence && Truncated[sequence];

    /// <summary>Per sequence: backbone windows its text took (empty when every text took one).</summary>
    [Id(6)] public int[] Windows { get; init; } = [];

    public int WindowsOf(int sequence) => Windows.Length > sequence ? Windows[sequence] : 1;

    public static int BytesPerValue(EmbeddingPrecision precision) => precision == EmbeddingPrecision.Float16 ? 2 : 4;

    /// <summary>Bytes a blob of this shape needs; checked against <see cref="ClusterLimits.MaxBlobBytes"/> before packing.</summary>
    public static long SizeOf(int sequences, int taps, int hidden, EmbeddingPrecision precision) =>
        (long)sequences * taps * hidden * BytesPerValue(precision);

    /// <summary>Packs [sequence, tap, hidden] float values; refuses a shape over the message limit.</summary>
    public static EmbeddingBlob Pack(int sequences, int taps, int hidden, ReadOnlySpan<float> values, EmbeddingPrecision precision)
    {
        var size = SizeOf(sequences, taps, hidden, precision);
        if (values.Length != (long)sequences * taps * hidden)
            throw new ArgumentException($"{values.Length} values do not fill {sequences}x{taps}x{hidden}.", nameof(values));
        if (size > ClusterLimits.MaxBlobBytes)
            throw new ArgumentException(
                $"{sequences} x {taps} x {hidden} vectors need {size} bytes, over the {ClusterLimits.MaxBlobBytes}-byte message limit; send fewer texts or taps per call.",
                nameof(sequences));
        var data = new byte[size];
        if (precision == EmbeddingPrecision.Float16)
            for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i * 2), (Half)values[i]);
        else if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(values).CopyTo(data);
        else
            for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return new EmbeddingBlob(sequences, taps, hidden, precision, data);
    }

    /// <summary>Unpacks to float32 values [sequence, tap, hidden]; throws if the byte count does not match the shape.</summary>
    public float[] Unpack()
    {
        ArgumentNullException.ThrowIfNull(Data);
        var count = Sequences * Taps * Hidden;
        if (Data.Length != SizeOf(Sequences, Taps, Hidden, Precision))
            throw new InvalidDataException($"Embedding blob of shape {Sequences}x{Taps}x{Hidden} ({Precision}) holds {Data.Length} bytes.");
        var values = new float[count];
        if (Precision == EmbeddingPrecision.Float16)
            for (var i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(Data.AsSpan(i * 2));
        else if (BitConverter.IsLittleEndian)
            Data.AsSpan().CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else
            for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(i * 4));
        return values;
    }
}
