using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class DatasetTests
{
    private static List<LabeledText> Rows(string label, int count) =>
        Enumerable.Range(0, count).Select(i => new LabeledText($"{label}{i}", label)).ToList();

    [Fact]
    public void Labels_are_the_sorted_union_of_both_splits()
    {
        var dataset = Dataset.Create("d", [.. Rows("b", 2), .. Rows("a", 1)], Rows("c", 1));

        Assert.Equal(["a", "b", "c"], dataset.Labels);
    }

    [Fact]
    public void Describe_counts_each_label_per_split()
    {
        var dataset = Dataset.Create("demo", [.. Rows("ham", 3), .. Rows("spam", 1)], Rows("spam", 2));

        var lines = dataset.Describe().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();

        Assert.Equal("demo: 2 labels, 4 train / 2 test", lines[0]);
        Assert.Matches(@"^\s+ham\s+3\s+0$", lines[2]);
        Assert.Matches(@"^\s+spam\s+1\s+2$", lines[3]);
    }

    [Fact]
    public void Subsample_is_stratified_exact_and_seeded()
    {
        var dataset = Dataset.Create("d", [.. Rows("a", 60), .. Rows("b", 30), .. Rows("c", 10)], Rows("a", 5));

        var small = dataset.Subsample(trainSize: 10, testSize: null, seed: 9);

        Assert.Equal(10, small.Train.Count);
        Assert.Equal(6, small.Train.Count(r => r.Label == "a"));
        Assert.Equal(3, small.Train.Count(r => r.Label == "b"));
        Assert.Equal(1, small.Train.Count(r => r.Label == "c"));
        Assert.Same(dataset.Test, small.Test);
        Assert.Equal(small.Train, dataset.Subsample(10, null, 9).Train);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Subsample(101, null, 9));
    }

    [Theory]
    [InlineData(new[] { 5, 5, 5 }, 4, new[] { 2, 1, 1 })]
    [InlineData(new[] { 1, 98, 1 }, 10, new[] { 0, 10, 0 })]
    [InlineData(new[] { 2, 2 }, 4, new[] { 2, 2 })]
    public void QuotasUseLargestRemainders(int[] counts, int size, int[] expected) =>
        Assert.Equal(expected, StratifiedSampler.Quotas(counts, size));
}
