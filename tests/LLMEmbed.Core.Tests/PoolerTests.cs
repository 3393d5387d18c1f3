using LLMEmbed.Core.Pooling;

public sealed class PoolerTests
{
    // Batch of 2, sequence 3, hidden 2. Row b, token t holds (10b + t, -(10b + t)).
    private static readonly float[] States = [0, 0, 1, -1, 2, -2, 10, -10, 11, -11, 12, -12];

    [Fact]
    public void MeanIgnoresPaddingOnTheRight()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        var pooled = Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Mean);
        Assert.Equal([0.5f, -0.5f, 11f, -11f], pooled);
    }

    [Fact]
    public void UnmaskedMeanAveragesPaddingToo()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        var pooled = Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.UnmaskedMean);
        Assert.Equal([1f, -1f, 11f, -11f], pooled);
    }

    [Fact]
    public void FirstAndLastFollowTheMaskWithLeftPadding()
    {
        long[] mask = [0, 1, 1, 0, 0, 1];
        Assert.Equal([1f, -1f, 12f, -12f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.First));
        Assert.Equal([2f, -2f, 12f, -12f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Last));
    }

    [Fact]
    public void LastUsesLastRealTokenWithRightPadding()
    {
        long[] mask = [1, 1, 0, 1, 0, 0];
        Assert.Equal([1f, -1f, 10f, -10f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Last));
    }

    [Fact]
    public void MaxSkipsPaddedPositions()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        // Padding at position 2 of row 0 holds (2, -2) and must not win the first component.
        Assert.Equal([1f, 0f, 12f, -10f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Max));
    }

    [Fact]
    public void FullyMaskedSequencePoolsToZeros()
    {
        long[] mask = [0, 0, 0, 1, 1, 1];
        foreach (var kind in new[] { PoolingKind.Mean, PoolingKind.First, PoolingKind.Last, PoolingKind.Max })
            Assert.Equal([0f, 0f], Pooler.Pool(States, mask, 2, 3, 2, kind)[..2]);
    }

    [Fact]
    public void WritesWithAStride()
    {
        long[] mask = [1, 1, 1, 1, 1, 1];
        var destination = new float[8];
        Array.Fill(destination, 99f);
        Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.First, destination.AsSpan(2), 4);
        Assert.Equal([99f, 99f, 0f, 0f, 99f, 99f, 10f, -10f], destination);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        Assert.Throws<ArgumentException>(() => Pooler.Pool(States, new long[5], 2, 3, 2, PoolingKind.Mean));
        Assert.Throws<ArgumentException>(() => Pooler.Pool(States.AsSpan(1), new long[6], 2, 3, 2, PoolingKind.Mean));
    }
}
