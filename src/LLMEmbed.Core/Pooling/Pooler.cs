using System.Numerics.Tensors;

namespace LLMEmbed.Core.Pooling;

/// <summary>
/// Pools one layer's token vectors, row-major [batch, sequence, hidden], into one vector per
/// sequence using the attention mask (non-zero = real token). Works for right and left padding.
/// A sequence with no real token pools to zeros.
/// </summary>
public static class Pooler
{
    /// <summary>Pools into a new [batch, hidden] array.</summary>
    public static float[] Pool(ReadOnlySpan<float> states, ReadOnlySpan<long> mask, int batch, int sequence, int hidden, PoolingKind kind)
    {
        var result = new float[batch * hidden];
        Pool(states, mask, batch, sequence, hidden, kind, result, hidden);
        return result;
    }

    /// <summary>Writes sequence b's pooled vector to destination[b * destinationStride ..][..hidden].</summary>
    public static void Pool(ReadOnlySpan<float> states, ReadOnlySpan<long> mask, int batch, int sequence, int hidden,
        PoolingKind kind, Span<float> destination, int destinationStride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationStride, hidden);
        if (states.Length != batch * sequence * hidden)
            throw new ArgumentException($"Expected {batch * sequence * hidden} hidden-state values for [{batch}, {sequence}, {hidden}], got {states.Length}.", nameof(states));
        if (mask.Length != batch * sequence)
            throw new ArgumentException($"Expected {batch * sequence} mask values for [{batch}, {sequence}], got {mask.Length}.", nameof(mask));
        if (batch > 0 && destination.Length < (batch - 1) * destinationStride + hidden)
            throw new ArgumentException("Destination is too small for the batch.", nameof(destination));

        for (var b = 0; b < batch; b++)
        {
            var rows = states.Slice(b * sequence * hidden, sequence * hidden);
            var rowMask = mask.Slice(b * sequence, sequence);
            var output = destination.Slice(b * destinationStride, hidden);
            switch (kind)
            {
                case PoolingKind.Mean: MaskedMean(rows, rowMask, hidden, output); break;
                case PoolingKind.UnmaskedMean: UnmaskedMean(rows, sequence, hidden, output); break;
                case PoolingKind.First: CopyRow(rows, rowMask.IndexOfAnyExcept(0L), hidden, output); break;
                case PoolingKind.Last: CopyRow(rows, rowMask.LastIndexOfAnyExcept(0L), hidden, output); break;
                case PoolingKind.Max: MaskedMax(rows, rowMask, hidden, output); break;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown pooling kind.");
            }
        }
    }

    private static void MaskedMean(ReadOnlySpan<float> rows, ReadOnlySpan<long> mask, int hidden, Span<float> output)
    {
        output.Clear();
        var count = 0;
        for (var t = 0; t < mask.Length; t++)
        {
            if (mask[t] == 0) continue;
            TensorPrimitives.Add(output, rows.Slice(t * hidden, hidden), output);
            count++;
        }
        if (count > 0) TensorPrimitives.Multiply(output, 1f / count, output);
    }

    private static void UnmaskedMean(ReadOnlySpan<float> rows, int sequence, int hidden, Span<float> output)
    {
        output.Clear();
        for (var t = 0; t < sequence; t++) TensorPrimitives.Add(output, rows.Slice(t * hidden, hidden), output);
        TensorPrimitives.Multiply(output, 1f / sequence, output);
    }

    private static void MaskedMax(ReadOnlySpan<float> rows, ReadOnlySpan<long> mask, int hidden, Span<float> output)
    {
        var first = mask.IndexOfAnyExcept(0L);
        CopyRow(rows, first, hidden, output);
        if (first < 0) return;
        for (var t = first + 1; t < mask.Length; t++)
            if (mask[t] != 0) TensorPrimitives.Max(output, rows.Slice(t * hidden, hidden), output);
    }

    private static void CopyRow(ReadOnlySpan<float> rows, int index, int hidden, Span<float> output)
    {
        if (index < 0) output.Clear();
        else rows.Slice(index * hidden, hidden).CopyTo(output);
    }
}
