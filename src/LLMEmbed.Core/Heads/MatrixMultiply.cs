using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// C = A·B (or C += A·B) for the small dense products of head training, with both operands given by
/// strides so transposed views need no copies. A is packed once in six-row tiles and B panel by panel
/// into contiguous buffers (strided rows alias in cache and cost up to half the speed), then a
/// register-blocked kernel keeps a <see cref="RowTile"/> × <see cref="PanelWidth"/> block of C in registers.
/// </summary>
/// <remarks>
/// Every C value is one chain of fused multiply-adds over p = 0..k-1 in order, starting from zero or
/// from C's old value: vector lanes, partial tiles and the thread count all give bitwise equal results.
/// </remarks>
internal static class MatrixMultiply
{
    private const int RowTile = 6;
    private const int KBlock = 256;
    private static readonly int Lanes = Vector<float>.Count;
    /// <summary>Columns of C one kernel call covers; fewer columns than this leave vector lanes idle.</summary>
    internal static readonly int PanelWidth = 2 * Vector<float>.Count;

    /// <summary>A strided view of a matrix: element (row, column) is at Data[row * RowStride + column * ColumnStride].</summary>
    public readonly record struct View(float[] Data, int RowStride, int ColumnStride);

    /// <summary>
    /// c[i * ldc + j] (+)= sum over p of A(i, p) · B(p, j) for i &lt; m, j &lt; n, p &lt; k.
    /// Panels of B run in parallel (up to <paramref name="maxDegreeOfParallelism"/>) when the work is large enough.
    /// </summary>
    public static void Multiply(View a, View b, float[] c, int ldc, int m, int n, int k, bool accumulate, int maxDegreeOfParallelism)
    {
        if (m == 0 || n == 0)
            return;
        CheckRange(a, m, k, nameof(a));
        CheckRange(b, k, n, nameof(b));
        int tiles = (m + RowTile - 1) / RowTile, panels = (n + PanelWidth - 1) / PanelWidth;
        float[] packedA = ArrayPool<float>.Shared.Rent(Math.Max(1, tiles * RowTile * k));
        try
        {
            PackA(a, m, k, tiles, packedA);
            DenseKernels.For(panels, (long)m * n * k, maxDegreeOfParallelism, panel =>
            {
                int j0 = panel * PanelWidth, width = Math.Min(PanelWidth, n - j0);
                float[] packedB = ArrayPool<float>.Shared.Rent(Math.Max(1, Math.Min(k, KBlock) * PanelWidth));
                Span<float> tile = stackalloc float[RowTile * PanelWidth];
                try
                {
                    for (int p0 = 0; p0 < k || p0 == 0; p0 += KBlock)
                    {
                        int depth = Math.Min(KBlock, k - p0);
                        PackB(b, p0, depth, j0, width, packedB);
                        bool load = accumulate || p0 > 0;
                        for (int t = 0; t < tiles; t++)
                        {
                            int i0 = t * RowTile, rows = Math.Min(RowTile, m - i0);
                            LoadTile(c, ldc, i0, rows, j0, width, load, tile);
                            Kernel(packedA, (t * k + p0) * RowTile, depth, packedB, tile);
                            StoreTile(tile, rows, c, ldc, i0, j0, width);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(packedB);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
        }
    }

    /// <summary>
    /// packed[(t * k + p) * RowTile + r] = A(t * RowTile + r, p), zero past the last row: the kernel then reads
    /// A contiguously whatever its strides (strided rows alias in cache), and partial tiles need no own kernel.
    /// </summary>
    private static void PackA(View a, int m, int k, int tiles, float[] packed)
    {
        // Serial: packing is m·k copies against m·n·k multiply-adds, cheaper than waking a second thread.
        float[] data = a.Data;
        for (int t = 0; t < tiles; t++)
        {
            int baseIndex = t * k * RowTile, rows = Math.Min(RowTile, m - t * RowTile);
            if (rows < RowTile)
                packed.AsSpan(baseIndex, k * RowTile).Clear();
            if (a.RowStride <= a.ColumnStride)
            {
                // Transposed A (e.g. dy^T): a tile's rows sit side by side in memory, so walk p outside.
                for (int p = 0; p < k; p++)
                {
                    int source = t * RowTile * a.RowStride + p * a.ColumnStride;
                    for (int r = 0; r < rows; r++, source += a.RowStride)
                        packed[baseIndex + p * RowTile + r] = data[source];
                }
                continue;
            }
            for (int r = 0; r < rows; r++)
            {
                int source = (t * RowTile + r) * a.RowStride;
                for (int p = 0; p < k; p++, source += a.ColumnStride)
                    packed[baseIndex + p * RowTile + r] = data[source];
            }
        }
    }

    /// <summary>packed[p * PanelWidth + jj] = B(p0 + p, j0 + jj), zero beyond the panel's width.</summary>
    private static void PackB(View b, int p0, int depth, int j0, int width, float[] packed)
    {
        int w = PanelWidth;
        if (width < w)
            packed.AsSpan(0, depth * w).Clear();
        float[] data = b.Data;
        if (b.ColumnStride == 1)
        {
            for (int p = 0; p < depth; p++)
                data.AsSpan((p0 + p) * b.RowStride + j0, width).CopyTo(packed.AsSpan(p * w, width));
            return;
        }
        // Transposed B: walk each column contiguously in the source.
        for (int jj = 0; jj < width; jj++)
        {
            int source = (j0 + jj) * b.ColumnStride + p0 * b.RowStride;
            for (int p = 0; p < depth; p++, source += b.RowStride)
                packed[p * w + jj] = data[source];
        }
    }

    private static void LoadTile(float[] c, int ldc, int i0, int rows, int j0, int width, bool accumulate, Span<float> tile)
    {
        tile.Clear();
        if (!accumulate)
            return;
        for (int r = 0; r < rows; r++)
            c.AsSpan((i0 + r) * ldc + j0, width).CopyTo(tile.Slice(r * PanelWidth, width));
    }

    private static void StoreTile(ReadOnlySpan<float> tile, int rows, float[] c, int ldc, int i0, int j0, int width)
    {
        for (int r = 0; r < rows; r++)
            tile.Slice(r * PanelWidth, width).CopyTo(c.AsSpan((i0 + r) * ldc + j0, width));
    }

    /// <summary>Six rows of C against one packed B panel: 12 vector accumulators, two panel loads per step.</summary>
    private static void Kernel(float[] packedA, int aStart, int depth, float[] packedB, Span<float> tile)
    {
        ref float t = ref MemoryMarshal.GetReference(tile);
        nuint lanes = (nuint)Lanes, w = (nuint)PanelWidth;
        Vector<float> c00 = Vector.LoadUnsafe(ref t, 0), c01 = Vector.LoadUnsafe(ref t, lanes);
        Vector<float> c10 = Vector.LoadUnsafe(ref t, w), c11 = Vector.LoadUnsafe(ref t, w + lanes);
        Vector<float> c20 = Vector.LoadUnsafe(ref t, 2 * w), c21 = Vector.LoadUnsafe(ref t, 2 * w + lanes);
        Vector<float> c30 = Vector.LoadUnsafe(ref t, 3 * w), c31 = Vector.LoadUnsafe(ref t, 3 * w + lanes);
        Vector<float> c40 = Vector.LoadUnsafe(ref t, 4 * w), c41 = Vector.LoadUnsafe(ref t, 4 * w + lanes);
        Vector<float> c50 = Vector.LoadUnsafe(ref t, 5 * w), c51 = Vector.LoadUnsafe(ref t, 5 * w + lanes);

        // Both packed buffers were sized for these reads by Multiply; the checks below guard the unsafe loop.
        if (aStart + depth * RowTile > packedA.Length || depth * PanelWidth > packedB.Length)
            throw new InvalidOperationException("Packed buffers are smaller than the tile being multiplied.");
        ref float pa = ref MemoryMarshal.GetArrayDataReference(packedA);
        ref float pb = ref MemoryMarshal.GetArrayDataReference(packedB);
        nuint at = (nuint)aStart, bt = 0;
        for (int p = 0; p < depth; p++, at += RowTile, bt += w)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref pb, bt), b1 = Vector.LoadUnsafe(ref pb, bt + lanes);
            var x = new Vector<float>(Unsafe.Add(ref pa, at));
            c00 = Vector.FusedMultiplyAdd(x, b0, c00); c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new Vector<float>(Unsafe.Add(ref pa, at + 1));
            c10 = Vector.FusedMultiplyAdd(x, b0, c10); c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new Vector<float>(Unsafe.Add(ref pa, at + 2));
            c20 = Vector.FusedMultiplyAdd(x, b0, c20); c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new Vector<float>(Unsafe.Add(ref pa, at + 3));
            c30 = Vector.FusedMultiplyAdd(x, b0, c30); c31 = Vector.FusedMultiplyAdd(x, b1, c31);
            x = new Vector<float>(Unsafe.Add(ref pa, at + 4));
            c40 = Vector.FusedMultiplyAdd(x, b0, c40); c41 = Vector.FusedMultiplyAdd(x, b1, c41);
            x = new Vector<float>(Unsafe.Add(ref pa, at + 5));
            c50 = Vector.FusedMultiplyAdd(x, b0, c50); c51 = Vector.FusedMultiplyAdd(x, b1, c51);
        }

        c00.StoreUnsafe(ref t, 0); c01.StoreUnsafe(ref t, lanes);
        c10.StoreUnsafe(ref t, w); c11.StoreUnsafe(ref t, w + lanes);
        c20.StoreUnsafe(ref t, 2 * w); c21.StoreUnsafe(ref t, 2 * w + lanes);
        c30.StoreUnsafe(ref t, 3 * w); c31.StoreUnsafe(ref t, 3 * w + lanes);
        c40.StoreUnsafe(ref t, 4 * w); c41.StoreUnsafe(ref t, 4 * w + lanes);
        c50.StoreUnsafe(ref t, 5 * w); c51.StoreUnsafe(ref t, 5 * w + lanes);
    }

    /// <summary>Views are read with computed offsets; one check up front names a view that reaches past its array.</summary>
    private static void CheckRange(View v, int rows, int columns, string name)
    {
        if (rows == 0 || columns == 0)
            return;
        if (v.RowStride < 0 || v.ColumnStride < 0)
            throw new ArgumentOutOfRangeException(name, "Matrix views need non-negative strides.");
        long last = (long)(rows - 1) * v.RowStride + (long)(columns - 1) * v.ColumnStride;
        if (last >= v.Data.Length)
            throw new ArgumentOutOfRangeException(name, $"The {rows}x{columns} view reaches element {last} of an array of {v.Data.Length}.");
    }
}
