using LLMEmbed.Core.Data;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>The 180 real Reuters stories of the Core fixture (crude, earn, money-fx; 40 train + 20 test each).</summary>
public static class Reuters
{
    public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "reuters-mini.jsonl");

    public static IReadOnlyList<LabeledText> Rows { get; } = LabeledFileReader.Read(Path);

    public static IReadOnlyList<LabeledText> Split(string split, params string[] labels) =>
        Rows.Where(r => r.Split == split && (labels.Length == 0 || labels.Contains(r.Label))).ToList();
}
