using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// The packed matrix product against a plain double-precision triple loop, over shapes that cross the
/// kernel's row tile (6), panel width and depth block (256) boundaries, with transposed operand views.
/// </summary>
public class MatrixMultiplyTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 5, 3, 7 }, { 6, 16, 8 }, { 7, 17, 9 }, { 13, 33, 257 }, { 20, 50, 300 }, { 64, 8, 520 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_MatchesReference_ForPlainAndTransposedViews(int m, int n, int k)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        // The same matrices stored transposed, read through swapped strides.
        float[] aT = Transpose(a, m, k), bT = Transpose(b, k, n);
        double[] expected = Reference(a, b, m, n, k);

        foreach (var (av, bv) in new[]
        {
            (new MatrixMultiply.View(a, k, 1), new MatrixMultiply.View(b, n, 1)),
            (new MatrixMultiply.View(aT, 1, m), new MatrixMultiply.View(bT, 1, k)),
        })
        {
            var c = new float[m * n];
            MatrixMultiply.Multiply(av, bv, c, n, m, n, k, accumulate: false, maxDegreeOfParallelism: 2);
            for (int i = 0; i < c.Length; i++)
                Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-4 * k, $"C[{i / n},{i % n}] = {c[i]}, expected {expected[i]}");
        }
    }

    [Fact]
    public void Multiply_Accumulates_OntoExistingValues_AndRespectsTheLeadingDimension()
    {
        const int m = 9, n = 19, k = 11, ldc = 23;
        var rng = new Random(3);
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        var c = new float[m * ldc];
        for (int i = 0; i < c.Length; i++)
            c[i] = i;
        float[] before = (float[])c.Clone();
        MatrixMultiply.Multiply(new(a, k, 1), new(b, n, 1), c, ldc, m, n, k, accumulate: true, maxDegreeOfParallelism: 1);
        double[] product = Reference(a, b, m, n, k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                double expected = j < n ? before[i * ldc + j] + product[i * n + j] : before[i * ldc + j];
                Assert.True(Math.Abs(c[i * ldc + j] - expected) <= 1e-3, $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
            }
    }

    [Fact]
    public void Multiply_IsBitwiseIdentical_ForAnyThreadCount()
    {
        const int m = 256, n = 300, k = 420;
        var rng = new Random(9);
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        float[] one = new float[m * n], four = new float[m * n];
        MatrixMultiply.Multiply(new(a, k, 1), new(b, 1, k), one, n, m, n, k, accumulate: false, maxDegreeOfParallelism: 1);
        MatrixMultiply.Multiply(new(a, k, 1), new(b, 1, k), four, n, m, n, k, accumulate: false, maxDegreeOfParallelism: 4);
        Assert.Equal(one, four);
    }

    [Fact]
    public void Multiply_RejectsAViewThatReachesPastItsArray()
    {
        float[] a = new float[10], b = new float[4], c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MatrixMultiply.Multiply(new(a, 6, 1), new(b, 2, 1), c, 2, 2, 2, 6, accumulate: false, maxDegreeOfParallelism: 1));
    }

    private static float[] Random(Random rng, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }

    private static float[] Transpose(float[] x, int rows, int columns)
    {
        var t = new float[x.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                t[c * rows + r] = x[r * columns + c];
        return t;
    }

    private static double[] Reference(float[] a, float[] b, int m, int n, int k)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
        return c;
    }
}
