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
    private const int ColumnBlock = 256;

    /// <summary>y[n, out] = x[n, in] W[out, in]^T + b.</summary>
    public static void Affine(float[] x, int n, int inDim, float[] w, float[] b, int outDim, float[] y, int maxDegreeOfParallelism)
    {
        if (outDim < MatrixMultiply.PanelWidth && n > outDim)
        {
            AffineTransposed(x, n, inDim, w, b, outDim, y, maxDegreeOfParallelism);
            return;
        }
        for (int r = 0; r < n; r++)
            b.AsSpan(0, outDim).CopyTo(y.AsSpan(r * outDim, outDim));
        // B(p, o) = W[o, p]: the weights are read transposed, straight from their row-major storage.
        MatrixMultiply.Multiply(new(x, inDim, 1), new(w, 1, inDim), y, outDim, n, outDim, inDim, accumulate: true, maxDegreeOfParallelism);
    }

    /// <summary>
    /// Few outputs (a linear head's classes): y^T[out, n] = W x^T + b, so the rows of x become the product's
    /// columns, which fill the vector lanes and split across threads (as y's few columns did neither). Every
    /// value is the same chain from b[o] over p in order as in <see cref="Affine"/>'s direct form: bitwise equal.
    /// </summary>
    private static void AffineTransposed(float[] x, int n, int inDim, float[] w, float[] b, int outDim, float[] y, int maxDegreeOfParallelism)
    {
        float[] transposed = System.Buffers.ArrayPool<float>.Shared.Rent(outDim * n);
        try
        {
            for (int o = 0; o < outDim; o++)
                transposed.AsSpan(o * n, n).Fill(b[o]);
            MatrixMultiply.Multiply(new(w, inDim, 1), new(x, 1, inDim), transposed, n, outDim, n, inDim, accumulate: true, maxDegreeOfParallelism);
            for (int r = 0; r < n; r++)
                for (int o = 0; o < outDim; o++)
                    y[r * outDim + o] = transposed[o * n + r];
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(transposed);
        }
    }

    /// <summary>y[r] = bias + x[r, :] · w for each of the n rows (one output: a two-class head's logit).</summary>
    public static void MatrixVector(float[] x, int n, int dim, float[] w, float bias, float[] y, int maxDegreeOfParallelism) =>
        For(n, (long)n * dim, maxDegreeOfParallelism, r => y[r] = bias + TensorPrimitives.Dot(x.AsSpan(r * dim, dim), w.AsSpan(0, dim)));

    /// <summary>
    /// g[j] = sum over rows r in order of d[r] * x[r, j] (overwrites g): the weight gradient of one output.
    /// Columns go in fixed blocks, one thread each, so the thread count never changes a sum.
    /// </summary>
    public static void WeightedRowSum(float[] d, float[] x, int n, int dim, float[] g, int maxDegreeOfParallelism)
    {
        int blocks = (dim + ColumnBlock - 1) / ColumnBlock;
        For(blocks, (long)n * dim, maxDegreeOfParallelism, block =>
        {
            int start = block * ColumnBlock, width = Math.Min(ColumnBlock, dim - start);
            Span<float> sum = g.AsSpan(start, width);
            sum.Clear();
            for (int r = 0; r < n; r++)
                TensorPrimitives.MultiplyAdd(x.AsSpan(r * dim + start, width), d[r], sum, sum);
        });
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
