using System.Buffers.Binary;

namespace LLMEmbed.Grains.Abstractions.Fusion;

/// <summary>
/// Fused feature vectors of a recipe, one per text, as float32 little-endian bytes
/// (row-major [Count, Dim]) plus whether each text was cut to a backbone's token limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.fusion.FusedBatch")]
public sealed record FusedBatch(
    [property: Id(0)] int Count,
    [property: Id(1)] int Dim,
    [property: Id(2)] byte[] Data,
    [property: Id(3)] bool[] Truncated)
{
    /// <summary>Per vector: backbone windows its text took (the most of any of the recipe's backbones); empty = one each.</summary>
    [Id(4)] public int[] Windows { get; init; } = [];

    public int WindowsOf(int row) => Windows.Length > row ? Windows[row] : 1;

    /// <summary>Bytes of one vector.</summary>
    public int RowBytes => Dim * sizeof(float);

    /// <summary>The raw bytes of vector <paramref name="row"/>.</summary>
    public ReadOnlyMemory<byte> RowData(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return Data.AsMemory(row * RowBytes, RowBytes);
    }

    /// <summary>Vector <paramref name="row"/> as floats.</summary>
    public float[] Row(int row)
    {
        var bytes = RowData(row).Span;
        var values = new float[Dim];
        for (var i = 0; i < Dim; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> if the parts disagree.</summary>
    public void Validate()
    {
        if (Count < 0 || Dim < 1) throw new InvalidDataException($"Fused batch shape {Count}x{Dim} is invalid.");
        if (Data is null || Data.Length != (long)Count * Dim * sizeof(float))
            throw new InvalidDataException($"Fused batch of {Count}x{Dim} holds {Data?.Length ?? 0} bytes, expected {(long)Count * Dim * sizeof(float)}.");
        if (Truncated is null || Truncated.Length != Count)
            throw new InvalidDataException($"Fused batch of {Count} vectors has {Truncated?.Length ?? 0} truncation flags.");
    }
}
