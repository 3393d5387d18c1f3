using System.Text.Json;

namespace LLMEmbed.Failure.Tests;

/// <summary>The 180 real Reuters stories of the Core fixture (crude, earn, money-fx; 40 train + 20 test each).</summary>
public static class Reuters
{
    public static readonly string[] Labels = ["crude", "earn", "money-fx"];

    public static IReadOnlyList<Story> Rows { get; } = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reuters-mini.jsonl"))
        .Where(line => line.Length > 0)
        .Select(line => JsonSerializer.Deserialize<Story>(line, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"reuters-mini.jsonl: unreadable line \"{line[..Math.Min(60, line.Length)]}\""))
        .ToList();

    public static IReadOnlyList<Story> Split(string split) => Rows.Where(r => r.Split == split).ToList();
}

public sealed record Story(string Text, string Label, string Split);
