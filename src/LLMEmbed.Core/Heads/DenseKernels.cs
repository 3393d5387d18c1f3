using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// Blocked dense products over row-major arrays for head training and inference.
/// Every output value is accumulated in one fixed order whatever the thread count, so
/// results are bitwise reproducible; parallelism only splits disjoint output tiles.
/// </summary>
internal static class DenseKernels
{
    private const int RowBlock = 16;
    private const int OutputBlock = 32;
    private const int InnerBlock = 1024;
    private const long SerialWorkLimit = 1L << 16;

    /// <summary>y[n, out] = x[n, in] W[out, in]^T + b.</summary>
    public static void Affine(float[] x, int n, int inDim, float[] w, float[] b, int outDim, float[] y, int maxDegreeOfParallelism)
    {
        int rowBlocks = Blocks(n, RowBlock), outBlocks = Blocks(outDim, OutputBlock);
        For(rowBlocks * outBlocks, (long)n * inDim * outDim, maxDegreeOfParallelism, tile =>
        {
            int r0 = tile / outBlocks * RowBlock, r1 = Math.Min(n, r0 + RowBlock);
            int o0 = tile % outBlocks * OutputBlock, o1 = Math.Min(outDim, o0 + OutputBlock);
            for (int r = r0; r < r1; r++)
                Array.Copy(b, o0, y, r * outDim + o0, o1 - o0);
            for (int k0 = 0; k0 < inDim; k0 += InnerBlock)
            {
                int len = Math.Min(InnerBlock, inDim - k0);
                for (int o = o0; o < o1; o++)
                {
                    ReadOnlySpan<float> wo = w.AsSpan(o * inDim + k0, len);
                    for (int r = r0; r < r1; r++)
                        y[r * outDim + o] += TensorPrimitives.Dot(wo, x.AsSpan(r * inDim + k0, len));
                }
            }
        });
    }

    /// <summary>g[out, in] = dy[n, out]^T x[n, in] (overwrites g), summed over rows in order.</summary>
    public static void WeightGradient(float[] dy, float[] x, int n, int inDim, int outDim, float[] g, int maxDegreeOfParallelism)
    {
        int outBlocks = Blocks(outDim, OutputBlock / 2), innerBlocks = Blocks(inDim, InnerBlock);
        For(outBlocks * innerBlocks, (long)n * inDim * outDim, maxDegreeOfParallelism, tile =>
        {
            int o0 = tile / innerBlocks * (OutputBlock / 2), o1 = Math.Min(outDim, o0 + OutputBlock / 2);
            int k0 = tile % innerBlocks * InnerBlock, len = Math.Min(InnerBlock, inDim - k0);
            for (int o = o0; o < o1; o++)
                g.AsSpan(o * inDim + k0, len).Clear();
            for (int r = 0; r < n; r++)
            {
                ReadOnlySpan<float> xr = x.AsSpan(r * inDim + k0, len);
                for (int o = o0; o < o1; o++)
                {
                    float d = dy[r * outDim + o];
                    if (d == 0f)
                        continue;
                    Span<float> go = g.AsSpan(o * inDim + k0, len);
                    TensorPrimitives.MultiplyAdd(xr, d, go, go);
                }
            }
        });
    }

    /// <summary>gb[out] = column sums of dy[n, out] (overwrites gb).</summary>
    public static void BiasGradient(float[] dy, int n, int outDim, float[] gb)
    {
        Array.Clear(gb);
        for (int r = 0; r < n; r++)
            TensorPrimitives.Add(gb, dy.AsSpan(r * outDim, outDim), gb);
    }

    /// <summary>dx[n, in] = dy[n, out] W[out, in] (overwrites dx).</summary>
    public static void InputGradient(float[] dy, float[] w, int n, int inDim, int outDim, float[] dx, int maxDegreeOfParallelism)
    {
        For(Blocks(n, RowBlock), (long)n * inDim * outDim, maxDegreeOfParallelism, block =>
        {
            int r0 = block * RowBlock, r1 = Math.Min(n, r0 + RowBlock);
            for (int r = r0; r < r1; r++)
                dx.AsSpan(r * inDim, inDim).Clear();
            for (int o = 0; o < outDim; o++)
            {
                ReadOnlySpan<float> wo = w.AsSpan(o * inDim, inDim);
                for (int r = r0; r < r1; r++)
                {
                    float d = dy[r * outDim + o];
                    if (d == 0f)
                        continue;
                    Span<float> dxr = dx.AsSpan(r * inDim, inDim);
                    TensorPrimitives.MultiplyAdd(wo, d, dxr, dxr);
                }
            }
        });
    }

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

    private static int Blocks(int total, int block) => (total + block - 1) / block;
}
