using System.Text.Json;

namespace LLMEmbed.Core.ZeroShot;

/// <summary>
/// Label descriptions read from JSON: an object mapping each label to a description string or a list of
/// short example sentences (averaged into one label vector by <see cref="ZeroShotScorer"/>).
/// </summary>
public static class LabelDescriptions
{
    /// <summary>Longest accepted description sentence, in characters.</summary>
    public const int MaxLength = 1000;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Label descriptions file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string json, string source = "descriptions")
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{source}: expected an object mapping label -> description (string or list of strings).");
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var sentences = property.Value.ValueKind switch
            {
                JsonValueKind.String => [property.Value.GetString()!],
                JsonValueKind.Array => property.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
                    ? e.GetString()! : throw new FormatException($"{source}: label '{property.Name}' lists a non-string.")).ToList(),
                _ => throw new FormatException($"{source}: label '{property.Name}' must map to a string or a list of strings."),
            };
            if (sentences.Count == 0 || sentences.Any(string.IsNullOrWhiteSpace))
                throw new FormatException($"{source}: label '{property.Name}' has an empty description.");
            if (sentences.Any(s => s.Length > MaxLength))
                throw new FormatException($"{source}: label '{property.Name}' has a description longer than {MaxLength} characters.");
            result[property.Name] = sentences;
        }
        return result;
    }
}
