using System.Text.Encodings.Web;
using System.Text.Json;
using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// Builds Fixtures/reuters-mini.jsonl: a small real sample of Reuters R8 (three well-separated
/// topics, 40 train + 20 test each, texts cut to 60 words) for end-to-end tests that must not
/// fetch data. Deterministic: the first qualifying stories of each topic in corpus order.
/// </summary>
internal static class ReutersMiniFixture
{
    public const string FileName = "reuters-mini.jsonl";
    public static readonly string[] Topics = ["crude", "earn", "money-fx"];
    public const int TrainPerTopic = 40;
    public const int TestPerTopic = 20;
    public const int MaxWords = 60;
    private const int MinWords = 25; // skip one-line tables so every sample carries real prose

    /// <summary>The committed copy, as the build copies it next to the test assembly.</summary>
    public static string OutputPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", FileName);

    public static IEnumerable<string> BuildLines(Dataset r8)
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var (rows, perTopic) in new[] { (r8.Train, TrainPerTopic), (r8.Test, TestPerTopic) })
        {
            foreach (var topic in Topics)
            {
                var picked = rows.Where(r => r.Label == topic)
                    .Select(r => r.Text.Split(' '))
                    .Where(words => words.Length >= MinWords)
                    .Take(perTopic)
                    .ToList();
                if (picked.Count < perTopic)
                    throw new InvalidOperationException($"Only {picked.Count} {topic} stories qualify; {perTopic} are needed.");
                foreach (var words in picked)
                {
                    var text = string.Join(' ', words.Take(MaxWords));
                    yield return JsonSerializer.Serialize(new { text, label = topic, split = rows == r8.Train ? DataSplit.Train : DataSplit.Test }, options);
                }
            }
        }
    }

    /// <summary>The source folder's copy (for regeneration), found by walking up from the test assembly.</summary>
    public static string SourcePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "LLMEmbed.Core.Tests", "Fixtures");
            if (Directory.Exists(candidate)) return Path.Combine(candidate, FileName);
        }
        throw new DirectoryNotFoundException("tests/LLMEmbed.Core.Tests/Fixtures not found above " + AppContext.BaseDirectory);
    }
}
