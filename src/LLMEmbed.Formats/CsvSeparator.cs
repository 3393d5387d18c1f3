namespace LLMEmbed.Formats;

/// <summary>The CSV field separators accepted: comma, semicolon (spreadsheets in many locales) and tab.</summary>
public static class CsvSeparator
{
    private static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>A separator as users write it: "," ";" "tab" or a tab character ("\t" spelled out too).</summary>
    public static char Parse(string value) => value switch
    {
        "," => ',',
        ";" => ';',
        "\t" or "\\t" => '\t',
        _ when value.Equals("tab", StringComparison.OrdinalIgnoreCase) => '\t',
        _ => throw new ArgumentException($"the separator must be ',', ';' or 'tab', got \"{value}\"."),
    };

    /// <summary>The candidate found most often outside quotes in the first line; ',' when none is.</summary>
    public static char Detect(string firstLine)
    {
        var counts = new int[Candidates.Length];
        var quoted = false;
        foreach (var c in firstLine)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(Candidates, c) is var i and >= 0) counts[i]++;
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return Candidates[best];
    }
}
