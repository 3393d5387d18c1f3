using LLMEmbed.Core.Fusion;

namespace LLMEmbed.Core.Tests;

public class FusionTests
{
    private static IReadOnlyList<ReadOnlyMemory<float>> Vectors(params float[][] vectors) =>
        vectors.Select(v => (ReadOnlyMemory<float>)v).ToArray();

    [Fact]
    public void Concat_JoinsInputsInOrder()
    {
        var fused = Fuser.Fuse(new FusionSpec(FusionKind.Concat), Vectors([1, 2], [3], [4, 5, 6]));
        Assert.Equal([1f, 2, 3, 4, 5, 6], fused);
        Assert.Equal(6, Fuser.OutputDim(new FusionSpec(FusionKind.Concat), [2, 1, 3]));
    }

    [Fact]
    public void Mean_AveragesElementWise()
    {
        var fused = Fuser.Fuse(new FusionSpec(FusionKind.Mean), Vectors([1, 2, 3], [3, 6, -3]));
        Assert.Equal([2f, 4, 0], fused);
    }

    [Fact]
    public void CoOccurrence_MatchesHandComputedGramAndTanh()
    {
        // x1 = (1, 2), x2 = (3, -1): G = [[5, 1], [1, 10]]; PN(g) = tanh(sigma*g/2); mean = (2, 0.5).
        var spec = new FusionSpec(FusionKind.CoOccurrence) { Sigma = 1f };
        var fused = Fuser.Fuse(spec, Vectors([1, 2], [3, -1]));

        float[] expected =
        [
            MathF.Tanh(2.5f), MathF.Tanh(0.5f),
            MathF.Tanh(0.5f), MathF.Tanh(5f),
            2f, 0.5f,
        ];
        Assert.Equal(6, fused.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], fused[i], 1e-6f);
    }

    [Fact]
    public void CoOccurrence_PnEqualsTwoSigmoidMinusOne()
    {
        const float sigma = 0.1f;
        var spec = new FusionSpec(FusionKind.CoOccurrence) { Sigma = sigma, IncludeLayerMean = false };
        var fused = Fuser.Fuse(spec, Vectors([4, -2, 1], [0.5f, 3, -7]));
        float[] gram = [21, -11, -11, 58.25f];
        for (int i = 0; i < 4; i++)
        {
            double expected = 2.0 / (1.0 + Math.Exp(-sigma * gram[i])) - 1.0;
            Assert.Equal(expected, fused[i], 1e-6);
        }
    }

    [Fact]
    public void CoOccurrence_HugeDotProductsSaturateWithoutNaN()
    {
        var spec = new FusionSpec(FusionKind.CoOccurrence) { IncludeLayerMean = false };
        var fused = Fuser.Fuse(spec, Vectors([1e18f, 0], [-1e18f, 1]));
        Assert.All(fused, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, fused[0]);
        Assert.Equal(-1f, fused[1]);
    }

    [Fact]
    public void CoOccurrence_GramIsSymmetric()
    {
        var rng = new Random(3);
        var vectors = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray()).ToArray();
        var spec = new FusionSpec(FusionKind.CoOccurrence) { IncludeLayerMean = false };
        var fused = Fuser.Fuse(spec, Vectors(vectors));
        Assert.Equal(25, fused.Length);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(fused[i * 5 + j], fused[j * 5 + i]);
    }

    [Fact]
    public void CoOccurrence_MeanOfSelectsRawVectorsAtFullWidth()
    {
        // Two 4-d "layers" and one 2-d "other backbone"; common width 2, mean over layers at width 4.
        var spec = new FusionSpec(FusionKind.CoOccurrence) { Width = 2, MeanOf = [0, 1] };
        var inputs = Vectors([1, 2, 3, 4], [3, 2, 1, 0], [0.5f, -0.5f]);
        Assert.Equal(9 + 4, Fuser.OutputDim(spec, [4, 4, 2]));
        var fused = Fuser.Fuse(spec, inputs);
        Assert.Equal(13, fused.Length);
        Assert.Equal([2f, 2, 2, 2], fused[9..]);

        // Gram entries involving the projected vectors use P x; check one against a direct computation.
        var p = SeededProjection.Get(spec.Seed, 4, 2);
        var a = p.Apply(new float[] { 1, 2, 3, 4 });
        var b = p.Apply(new float[] { 3, 2, 1, 0 });
        float g01 = a[0] * b[0] + a[1] * b[1];
        Assert.Equal(MathF.Tanh(g01 / 2), fused[1], 1e-5f);
        float g22 = 0.5f;
        Assert.Equal(MathF.Tanh(g22 / 2), fused[8], 1e-6f);
    }

    [Fact]
    public void CoOccurrence_MeanAtCommonWidthWhenSelectedWidthsDiffer()
    {
        var spec = new FusionSpec(FusionKind.CoOccurrence) { Width = 3 };
        Assert.Equal(4 + 3, Fuser.OutputDim(spec, [3, 5]));
    }

    [Fact]
    public void WideningProjection_PreservesTheGram()
    {
        float[] x1 = [1, 2], x2 = [3, -1];
        var plain = Fuser.Fuse(new FusionSpec(FusionKind.CoOccurrence) { IncludeLayerMean = false }, Vectors(x1, x2));
        var widened = Fuser.Fuse(new FusionSpec(FusionKind.CoOccurrence) { Width = 7, IncludeLayerMean = false }, Vectors(x1, x2));
        for (int i = 0; i < 4; i++)
            Assert.Equal(plain[i], widened[i], 1e-5f);
    }

    [Theory]
    [InlineData(64, 16)]
    [InlineData(33, 33)]
    [InlineData(10, 40)]
    public void Projection_IsOrthogonal(int inDim, int outDim)
    {
        var p = SeededProjection.Get(7, inDim, outDim).Matrix.ToArray();
        // Narrowing: rows orthonormal (P P^T = I). Widening: columns orthonormal (P^T P = I).
        bool narrowing = outDim <= inDim;
        int n = narrowing ? outDim : inDim;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                int len = narrowing ? inDim : outDim;
                for (int t = 0; t < len; t++)
                    sum += narrowing
                        ? (double)p[i * inDim + t] * p[j * inDim + t]
                        : (double)p[t * inDim + i] * p[t * inDim + j];
                Assert.Equal(i == j ? 1.0 : 0.0, sum, 1e-5);
            }
    }

    [Fact]
    public void Projection_IsDeterministicAndKeyed()
    {
        var a = SeededProjection.Get(11, 20, 5).Matrix.ToArray();
        var b = SeededProjection.Get(11, 20, 5).Matrix.ToArray();
        var otherSeed = SeededProjection.Get(12, 20, 5).Matrix.ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, otherSeed);
        Assert.Same(SeededProjection.Get(11, 20, 5), SeededProjection.Get(11, 20, 5));
    }

    [Fact]
    public void Fuse_IsDeterministicAcrossCalls()
    {
        var spec = new FusionSpec(FusionKind.CoOccurrence) { Width = 8, Sigma = 0.3f };
        var inputs = Vectors(
            Enumerable.Range(0, 12).Select(i => MathF.Sin(i)).ToArray(),
            Enumerable.Range(0, 8).Select(i => MathF.Cos(i)).ToArray(),
            Enumerable.Range(0, 5).Select(i => (float)i).ToArray());
        var first = Fuser.Fuse(spec, inputs);
        var second = Fuser.Fuse(spec, inputs);
        Assert.Equal(first, second);
        Assert.Equal(9 + 8, first.Length);
    }

    [Fact]
    public void SpanOverload_WritesPrefixAndRejectsSmallDestination()
    {
        var spec = new FusionSpec(FusionKind.CoOccurrence);
        var inputs = Vectors([1, 2], [3, -1]);
        var big = Enumerable.Repeat(99f, 8).ToArray();
        Fuser.Fuse(spec, inputs, big);
        Assert.Equal(Fuser.Fuse(spec, inputs), big[..6]);
        Assert.Equal(99f, big[6]);

        var ex = Assert.Throws<ArgumentException>(() => Fuser.Fuse(spec, inputs, new float[5]));
        Assert.Contains("needs 6", ex.Message);
    }

    [Fact]
    public void InvalidSpecs_AreRejectedWithClearMessages()
    {
        var inputs = Vectors([1, 2], [3, -1]);
        Assert.Contains("Sigma", Assert.Throws<ArgumentException>(() =>
            Fuser.Fuse(new FusionSpec(FusionKind.CoOccurrence) { Sigma = 0 }, inputs)).Message);
        Assert.Contains("index 5", Assert.Throws<ArgumentException>(() =>
            Fuser.Fuse(new FusionSpec(FusionKind.CoOccurrence) { MeanOf = [5] }, inputs)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            Fuser.Fuse(new FusionSpec(FusionKind.CoOccurrence) { MeanOf = [0, 0] }, inputs)).Message);
        Assert.Throws<ArgumentException>(() => Fuser.Fuse(new FusionSpec(FusionKind.Mean), Vectors()));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() =>
            Fuser.Fuse(new FusionSpec(FusionKind.Concat), Vectors([1], []))).Message);
    }
}
