using LLMEmbed.Core.Batching;

namespace LLMEmbed.Core.Tests;

public class PaddingSplitterTests
{
    [Fact]
    public void Similar_lengths_stay_in_one_run()
    {
        var runs = PaddingSplitter.Split([10, 11, 12, 10], 1.25);
        Assert.Single(runs);
        Assert.Equal([0, 3, 1, 2], runs[0]); // sorted by length, ties by index
    }

    [Fact]
    public void A_long_sequence_starts_its_own_run()
    {
        // 3 x 10 real tokens; adding 100 would pad to 4 x 100 = 400 > 1.25 x 130.
        var runs = PaddingSplitter.Split([100, 10, 10, 10], 1.25);
        Assert.Equal(2, runs.Count);
        Assert.Equal([1, 2, 3], runs[0]);
        Assert.Equal([0], runs[1]);
    }

    [Fact]
    public void Every_index_appears_once_and_each_run_respects_the_ratio()
    {
        var random = new Random(5);
        var lengths = Enumerable.Range(0, 200).Select(_ => random.Next(3, 257)).ToArray();
        var runs = PaddingSplitter.Split(lengths, 1.3);
        Assert.Equal(Enumerable.Range(0, 200), runs.SelectMany(r => r).Order());
        foreach (var run in runs.Where(r => r.Length > 1))
        {
            var padded = (double)run.Length * run.Max(i => lengths[i]);
            Assert.True(padded <= 1.3 * run.Sum(i => lengths[i]) + 1e-9, $"run of {run.Length} pads to {padded}");
        }
    }

    [Fact]
    public void Runs_stop_at_the_maximum_run_size()
    {
        // Equal lengths never break the ratio, so only the size cap cuts: 4 + 4 + 2.
        var runs = PaddingSplitter.Split(Enumerable.Repeat(20, 10).ToArray(), 1.25, maxRunSize: 4);
        Assert.Equal([4, 4, 2], runs.Select(r => r.Length));
        Assert.Equal(Enumerable.Range(0, 10), runs.SelectMany(r => r));
        Assert.Throws<ArgumentOutOfRangeException>(() => PaddingSplitter.Split([1, 2], 1.25, maxRunSize: 0));
    }

    [Fact]
    public void Ratio_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PaddingSplitter.Split([1, 2], 0.5));
}
