using System.Net;
using System.Text.RegularExpressions;

namespace LLMEmbed.Core.Data;

/// <summary>Normalisation shared by the dataset loaders.</summary>
internal static partial class TextCleaner
{
    /// <summary>Collapses every run of whitespace (and control characters) to one space and trims.</summary>
    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>IMDB reviews: <c>&lt;br /&gt;</c> line breaks become spaces, HTML entities are decoded.</summary>
    public static string CleanHtmlText(string text) =>
        CollapseWhitespace(WebUtility.HtmlDecode(LineBreakTag().Replace(text, " ")));

    [GeneratedRegex(@"[\s\p{Cc}]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTag();
}
