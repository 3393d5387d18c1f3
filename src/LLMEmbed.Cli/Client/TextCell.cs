namespace LLMEmbed.Cli.Client;

/// <summary>A text shortened for one table cell (whole texts go to --json).</summary>
internal static class TextCell
{
    public const int Width = 60;

    public static string Cut(string text, int width = Width)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= width ? line : line[..(width - 3)] + "...";
    }
}
