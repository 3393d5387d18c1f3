using System.Text.RegularExpressions;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Checks a label description and cuts it into the sentences that are embedded (each one text, so a
/// description costs at most <see cref="MaxSentences"/> backbone rows, once, when it is set).
/// </summary>
public static partial class DescriptionRules
{
    public const int MaxCharacters = 2_000;
    public const int MaxSentences = 16;

    /// <summary>The description's sentences, or empty when it is null or blank (which clears it).</summary>
    public static string[] Sentences(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return [];
        if (description.Length > MaxCharacters)
            throw new InvalidRequestException($"description has {description.Length} characters, over the limit of {MaxCharacters}.", "description");
        var sentences = SentenceEnd().Split(description.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (sentences.Length > MaxSentences)
            throw new InvalidRequestException($"description has {sentences.Length} sentences, over the limit of {MaxSentences}; keep it to a few short ones.", "description");
        return sentences;
    }

    // A sentence ends at . ! or ? followed by white space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+|[\r\n]+")]
    private static partial Regex SentenceEnd();
}
