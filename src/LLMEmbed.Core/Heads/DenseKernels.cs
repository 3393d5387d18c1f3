using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// The dense products of head training and inference over row-major arrays, expressed as
/// <see cref="MatrixMultiply"/> calls. Every output value is accumulated in one fixed order whatever
/// the thread count, so results are bitwise reproducible; parallelism only splits disjoint outputs.
/// </summary>
internal static class DenseKernels
{
    private const long SerialWorkLimit = 1L << 16;

    /// <summary>y[n, out] = x[n, in] W[out, in]^T + b.</summary>
    public static void Affine(float[] x, int n, int inDim, float[] w, float[] b, int outDim, float[] y, int maxDegreeOfParallelism)
    {
        for (int r = 0; r < n; r++)
            b.AsSpan(0, outDim).CopyTo(y.AsSpan(r * outDim, outDim));
        // B(p, o) = W[o, p]: the weights are read transposed, straight from their row-major storage.
        MatrixMultiply.Multiply(new(x, inDim, 1), new(w, 1, inDim), y, outDim, n, outDim, inDim, accumulate: true, maxDegreeOfParallelism);
    }

    /// <summary>g[out, in] = dy[n, out]^T x[n, in] (overwrites g), summed over rows in order.</summary>
    public static void WeightGradient(float[] dy, float[] x, int n, int inDim, int outDim, float[] g, int maxDegreeOfParallelism) =>
        MatrixMultiply.Multiply(new(dy, 1, outDim), new(x, inDim, 1), g, inDim, outDim, inDim, n, accumulate: false, maxDegreeOfParallelism);

    /// <summary>gb[out] = column sums of dy[n, out] (overwrites gb).</summary>
    public static void BiasGradient(float[] dy, int n, int outDim, float[] gb)
    {
        Array.Clear(gb);
        for (int r = 0; r < n; r++)
            TensorPrimitives.Add(gb, dy.AsSpan(r * outDim, outDim), gb);
    }

    /// <summary>dx[n, in] = dy[n, out] W[out, in] (overwrites dx).</summary>
    public static void InputGradient(float[] dy, float[] w, int n, int inDim, int outDim, float[] dx, int maxDegreeOfParallelism) =>
        MatrixMultiply.Multiply(new(dy, outDim, 1), new(w, inDim, 1), dx, inDim, n, inDim, outDim, accumulate: false, maxDegreeOfParallelism);

    /// <summary>Runs <paramref name="body"/> for 0..count-1, serially when the work is too small to split.</summary>
    public static void For(int count, long work, int maxDegreeOfParallelism, Action<int> body)
    {
        if (count == 1 || maxDegreeOfParallelism == 1 || work < SerialWorkLimit)
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
    }

}
