using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Tests;

public sealed class ZipfSamplerTests
{
    [Fact]
    public void Probabilities_fall_as_the_power_law_and_sum_to_one()
    {
        var zipf = new ZipfSampler(10_000, 1.1);
        Assert.Equal(1.0, Enumerable.Range(0, zipf.Count).Sum(zipf.Probability), 9);
        Assert.Equal(Math.Pow(2, 1.1), zipf.Probability(0) / zipf.Probability(1), 9);
        Assert.Equal(Math.Pow(100, 1.1), zipf.Probability(0) / zipf.Probability(99), 6);
    }

    [Fact]
    public void Draws_follow_the_distribution_head_and_tail()
    {
        var zipf = new ZipfSampler(10_000, 1.1);
        var random = new SeededRandom(5);
        var counts = new int[zipf.Count];
        const int draws = 400_000;
        for (var i = 0; i < draws; i++) counts[zipf.Next(random)]++;
        // Rank 0 holds ~10.6% of calls at s = 1.1 over 10,000 ranks; the top 100 ranks about half.
        Assert.InRange(counts[0] / (double)draws, zipf.Probability(0) * 0.97, zipf.Probability(0) * 1.03);
        var top100 = counts.Take(100).Sum() / (double)draws;
        Assert.InRange(top100, Enumerable.Range(0, 100).Sum(zipf.Probability) - 0.01, Enumerable.Range(0, 100).Sum(zipf.Probability) + 0.01);
        Assert.True(counts.Skip(5_000).Sum() > 0, "the tail is drawn too");
        Assert.Equal(0, zipf.Rank(0.0));
        Assert.Equal(zipf.Count - 1, zipf.Rank(0.9999999999));
    }
}
