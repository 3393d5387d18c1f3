using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

/// <summary>The few-output paths of head training: same values as the direct product, whatever the thread count (sizes above the serial limit).</summary>
public class DenseKernelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Affine_with_few_outputs_equals_the_direct_product_bitwise(int outDim)
    {
        const int n = 400, inDim = 300;
        var rng = new Random(outDim);
        float[] x = Random(rng, n * inDim), w = Random(rng, outDim * inDim), b = Random(rng, outDim);
        // The direct form: y starts at b, then += x W^T with W read transposed.
        var direct = new float[n * outDim];
        for (int r = 0; r < n; r++) b.CopyTo(direct, r * outDim);
        MatrixMultiply.Multiply(new(x, inDim, 1), new(w, 1, inDim), direct, outDim, n, outDim, inDim, accumulate: true, maxDegreeOfParallelism: 1);

        float[] one = new float[n * outDim], four = new float[n * outDim];
        DenseKernels.Affine(x, n, inDim, w, b, outDim, one, maxDegreeOfParallelism: 1);
        DenseKernels.Affine(x, n, inDim, w, b, outDim, four, maxDegreeOfParallelism: 4);

        Assert.Equal(direct, one);
        Assert.Equal(direct, four);
    }

    [Fact]
    public void Matrix_vector_and_weighted_row_sum_match_double_references_and_ignore_the_thread_count()
    {
        const int n = 200, dim = 600;
        var rng = new Random(11);
        float[] x = Random(rng, n * dim), w = Random(rng, dim), d = Random(rng, n);

        float[] y1 = new float[n], y4 = new float[n], g1 = new float[dim], g4 = new float[dim];
        DenseKernels.MatrixVector(x, n, dim, w, 0.5f, y1, maxDegreeOfParallelism: 1);
        DenseKernels.MatrixVector(x, n, dim, w, 0.5f, y4, maxDegreeOfParallelism: 4);
        DenseKernels.WeightedRowSum(d, x, n, dim, g1, maxDegreeOfParallelism: 1);
        DenseKernels.WeightedRowSum(d, x, n, dim, g4, maxDegreeOfParallelism: 4);

        Assert.Equal(y1, y4);
        Assert.Equal(g1, g4);
        for (int r = 0; r < n; r++)
        {
            double expected = 0.5;
            for (int j = 0; j < dim; j++) expected += (double)x[r * dim + j] * w[j];
            Assert.True(Math.Abs(y1[r] - expected) <= 1e-3, $"y[{r}] = {y1[r]}, expected {expected}");
        }
        for (int j = 0; j < dim; j++)
        {
            double expected = 0;
            for (int r = 0; r < n; r++) expected += (double)d[r] * x[r * dim + j];
            Assert.True(Math.Abs(g1[j] - expected) <= 1e-3, $"g[{j}] = {g1[j]}, expected {expected}");
        }
    }

    private static float[] Random(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
}
