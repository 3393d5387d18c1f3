using System.Globalization;

namespace LLMEmbed.Cli.Rendering;

/// <summary>How many labels chose each C (NaN, a constant label, counts as "constant").</summary>
internal static class CSummary
{
    public static Dictionary<string, int> Counts(IEnumerable<double> cs) => cs
        .GroupBy(c => double.IsNaN(c) ? "constant" : c.ToString("G3", CultureInfo.InvariantCulture))
        .OrderBy(g => g.Key == "constant" ? double.MaxValue : double.Parse(g.Key, CultureInfo.InvariantCulture))
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>E.g. "C 0.01×12, 0.1×70, 1×12".</summary>
    public static string Format(IEnumerable<double> cs) =>
        "C " + string.Join(", ", Counts(cs).Select(kv => $"{kv.Key}×{kv.Value}"));
}
