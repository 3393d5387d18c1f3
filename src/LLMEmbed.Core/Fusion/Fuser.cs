using System.Buffers;
using System.Numerics.Tensors;

namespace LLMEmbed.Core.Fusion;

/// <summary>
/// Fuses several pooled vectors of one text into one feature vector (pure functions): concatenated, averaged,
/// or by LLMEmbed's co-occurrence fusion: the K inputs, brought to one width, form X (K x width); the fused
/// vector is PN(X X^T) = 2 sigmoid(sigma G) - 1 of their Gram matrix G (K x K, flattened), optionally followed
/// by the mean of the inputs (the layer mean). README's "Feature recipes" lists what each recipe fuses.
/// </summary>
public static class Fuser
{
    /// <summary>Length of the fused vector for inputs of these widths.</summary>
    public static int OutputDim(FusionSpec spec, IReadOnlyList<int> inputDims)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(inputDims);
        Validate(spec, inputDims);
        int width = CommonWidth(spec, inputDims);
        return spec.Kind switch
        {
            FusionKind.Concat => checked(inputDims.Sum()),
            FusionKind.Mean => width,
            FusionKind.CoOccurrence => checked(inputDims.Count * inputDims.Count
                + (spec.IncludeLayerMean ? LayerMeanWidth(spec, inputDims, width) : 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown fusion kind."),
        };
    }

    /// <summary>Fuses <paramref name="vectors"/> into a new array of <see cref="OutputDim"/> values.</summary>
    public static float[] Fuse(FusionSpec spec, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(vectors);
        var result = new float[OutputDim(spec, Dims(vectors))];
        Fuse(spec, vectors, result);
        return result;
    }

    /// <summary>
    /// Fuses into <paramref name="destination"/>, which must hold at least <see cref="OutputDim"/>
    /// values; only that prefix is written.
    /// </summary>
    public static void Fuse(FusionSpec spec, IReadOnlyList<ReadOnlyMemory<float>> vectors, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(vectors);
        int[] dims = Dims(vectors);
        int outputDim = OutputDim(spec, dims);
        if (destination.Length < outputDim)
            throw new ArgumentException(
                $"Destination too small: {spec.Kind} fusion of {dims.Length} vectors needs {outputDim} values, destination has {destination.Length}.",
                nameof(destination));
        destination = destination[..outputDim];

        switch (spec.Kind)
        {
            case FusionKind.Concat:
                int offset = 0;
                foreach (var v in vectors)
                {
                    v.Span.CopyTo(destination[offset..]);
                    offset += v.Length;
                }
                break;
            case FusionKind.Mean:
                FuseMean(spec, vectors, dims, destination);
                break;
            case FusionKind.CoOccurrence:
                FuseCoOccurrence(spec, vectors, dims, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown fusion kind.");
        }
    }

    /// <summary>PN(g) = 2*sigmoid(sigma*g) - 1, computed as tanh(sigma*g/2), which cannot overflow.</summary>
    internal static void PositiveNormalize(ReadOnlySpan<float> gram, float sigma, Span<float> destination)
    {
        TensorPrimitives.Multiply(gram, sigma * 0.5f, destination);
        TensorPrimitives.Tanh(destination, destination);
    }

    private static void FuseMean(FusionSpec spec, IReadOnlyList<ReadOnlyMemory<float>> vectors, int[] dims, Span<float> destination)
    {
        int width = destination.Length;
        destination.Clear();
        float[] scratch = ArrayPool<float>.Shared.Rent(width);
        try
        {
            Span<float> projected = scratch.AsSpan(0, width);
            for (int k = 0; k < vectors.Count; k++)
                TensorPrimitives.Add(destination, ToWidth(spec, vectors[k].Span, dims[k], width, projected), destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        TensorPrimitives.Multiply(destination, 1f / vectors.Count, destination);
    }

    private static void FuseCoOccurrence(FusionSpec spec, IReadOnlyList<ReadOnlyMemory<float>> vectors, int[] dims, Span<float> destination)
    {
        int k = vectors.Count;
        int width = CommonWidth(spec, dims);
        float[] stackBuffer = ArrayPool<float>.Shared.Rent(k * width);
        try
        {
            // X: K x width, every input at the common width.
            Span<float> stack = stackBuffer.AsSpan(0, k * width);
            for (int i = 0; i < k; i++)
            {
                Span<float> row = stack.Slice(i * width, width);
                ReadOnlySpan<float> atWidth = ToWidth(spec, vectors[i].Span, dims[i], width, row);
                if (!atWidth.Overlaps(row))
                    atWidth.CopyTo(row);
            }

            // G = X X^T, symmetric: compute the upper triangle and mirror it.
            Span<float> gram = destination[..(k * k)];
            for (int i = 0; i < k; i++)
            {
                ReadOnlySpan<float> xi = stack.Slice(i * width, width);
                for (int j = i; j < k; j++)
                {
                    float g = TensorPrimitives.Dot(xi, stack.Slice(j * width, width));
                    gram[i * k + j] = g;
                    gram[j * k + i] = g;
                }
            }
            PositiveNormalize(gram, spec.Sigma, gram);

            if (spec.IncludeLayerMean)
            {
                IReadOnlyList<int> meanOf = MeanIndices(spec, k);
                Span<float> mean = destination[(k * k)..];
                mean.Clear();
                bool raw = SameWidth(meanOf, dims);
                foreach (int index in meanOf)
                {
                    ReadOnlySpan<float> source = raw ? vectors[index].Span : stack.Slice(index * width, width);
                    TensorPrimitives.Add(mean, source, mean);
                }
                TensorPrimitives.Multiply(mean, 1f / meanOf.Count, mean);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(stackBuffer);
        }
    }

    /// <summary>The vector itself when it already has the width, else its projection written to <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<float> ToWidth(FusionSpec spec, ReadOnlySpan<float> vector, int dim, int width, Span<float> scratch)
    {
        if (dim == width)
            return vector;
        SeededProjection.Get(spec.Seed, dim, width).Apply(vector, scratch);
        return scratch;
    }

    private static int CommonWidth(FusionSpec spec, IReadOnlyList<int> dims) => spec.Width ?? dims[0];

    /// <summary>
    /// The layer mean keeps the raw full width when the averaged vectors share one width
    /// (the paper's case); otherwise they are averaged at the common width.
    /// </summary>
    private static int LayerMeanWidth(FusionSpec spec, IReadOnlyList<int> dims, int commonWidth)
    {
        IReadOnlyList<int> meanOf = MeanIndices(spec, dims.Count);
        return SameWidth(meanOf, dims) ? dims[meanOf[0]] : commonWidth;
    }

    private static bool SameWidth(IReadOnlyList<int> indices, IReadOnlyList<int> dims)
    {
        int first = dims[indices[0]];
        foreach (int i in indices)
            if (dims[i] != first)
                return false;
        return true;
    }

    private static IReadOnlyList<int> MeanIndices(FusionSpec spec, int count) =>
        spec.MeanOf ?? Enumerable.Range(0, count).ToArray();

    private static int[] Dims(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var dims = new int[vectors.Count];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = vectors[i].Length;
        return dims;
    }

    private static void Validate(FusionSpec spec, IReadOnlyList<int> dims)
    {
        if (dims.Count == 0)
            throw new ArgumentException("Fusion needs at least one input vector.", "inputs");
        for (int i = 0; i < dims.Count; i++)
            if (dims[i] <= 0)
                throw new ArgumentException($"Input vector {i} is empty (width {dims[i]}).", "inputs");
        if (spec.Width is int w && w <= 0)
            throw new ArgumentException($"FusionSpec.Width must be positive, got {w}.", nameof(spec));
        if (spec.Kind != FusionKind.CoOccurrence)
            return;
        if (!float.IsFinite(spec.Sigma) || spec.Sigma <= 0)
            throw new ArgumentException($"FusionSpec.Sigma must be finite and positive, got {spec.Sigma}.", nameof(spec));
        if (spec.MeanOf is { } meanOf)
        {
            if (meanOf.Count == 0)
                throw new ArgumentException("FusionSpec.MeanOf must name at least one input (or be null for all).", nameof(spec));
            var seen = new HashSet<int>();
            foreach (int index in meanOf)
            {
                if (index < 0 || index >= dims.Count)
                    throw new ArgumentException($"FusionSpec.MeanOf index {index} is out of range for {dims.Count} input vectors.", nameof(spec));
                if (!seen.Add(index))
                    throw new ArgumentException($"FusionSpec.MeanOf names input {index} twice.", nameof(spec));
            }
        }
    }
}
