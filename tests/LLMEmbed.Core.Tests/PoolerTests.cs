using LLMEmbed.Core.Pooling;

public sealed class PoolerTests
{
    // Batch of 2, sequence 3, hidden 2. Row b, token t holds (10b + t, -(10b + t)).
    private static readonly float[] States = [0, 0, 1, -1, 2, -2, 10, -10, 11, -11, 12, -12];

    [Fact]
    public void Mean_ignores_padding_on_the_right()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        var pooled = Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Mean);
        Assert.Equal([0.5f, -0.5f, 11f, -11f], pooled);
    }

    [Fact]
    public void Unmasked_mean_averages_padding_too()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        var pooled = Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.UnmaskedMean);
        Assert.Equal([1f, -1f, 11f, -11f], pooled);
    }

    [Fact]
    public void First_and_last_follow_the_mask_with_left_padding()
    {
        long[] mask = [0, 1, 1, 0, 0, 1];
        Assert.Equal([1f, -1f, 12f, -12f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.First));
        Assert.Equal([2f, -2f, 12f, -12f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Last));
    }

    [Fact]
    public void Last_uses_last_real_token_with_right_padding()
    {
        long[] mask = [1, 1, 0, 1, 0, 0];
        Assert.Equal([1f, -1f, 10f, -10f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Last));
    }

    [Fact]
    public void Max_skips_padded_positions()
    {
        long[] mask = [1, 1, 0, 1, 1, 1];
        // Padding at position 2 of row 0 holds (2, -2) and must not win the first component.
        Assert.Equal([1f, 0f, 12f, -10f], Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.Max));
    }

    [Fact]
    public void Fully_masked_sequence_pools_to_zeros()
    {
        long[] mask = [0, 0, 0, 1, 1, 1];
        foreach (var kind in new[] { PoolingKind.Mean, PoolingKind.First, PoolingKind.Last, PoolingKind.Max })
            Assert.Equal([0f, 0f], Pooler.Pool(States, mask, 2, 3, 2, kind)[..2]);
    }

    [Fact]
    public void Writes_with_a_stride()
    {
        long[] mask = [1, 1, 1, 1, 1, 1];
        var destination = new float[8];
        Array.Fill(destination, 99f);
        Pooler.Pool(States, mask, 2, 3, 2, PoolingKind.First, destination.AsSpan(2), 4);
        Assert.Equal([99f, 99f, 0f, 0f, 99f, 99f, 10f, -10f], destination);
    }

    [Fact]
    public void Rejects_mismatched_shapes()
    {
        Assert.Throws<ArgumentException>(() => Pooler.Pool(States, new long[5], 2, 3, 2, PoolingKind.Mean));
        Assert.Throws<ArgumentException>(() => Pooler.Pool(States.AsSpan(1), new long[6], 2, 3, 2, PoolingKind.Mean));
    }
}
