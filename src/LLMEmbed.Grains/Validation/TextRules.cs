using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Errors;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Validation;

/// <summary>Checks on the texts of one call, shared by the fusion and tenant grains so both refuse alike.</summary>
public static class TextRules
{
    /// <summary>
    /// Throws <see cref="InvalidRequestException"/> naming the first bad text (null, blank unless
    /// <paramref name="allowBlank"/>, over <see cref="ClusterLimits.MaxTextChars"/> characters) or
    /// <see cref="LimitExceededException"/> when there are more than <paramref name="maxTexts"/>.
    /// </summary>
    public static void Check(string[]? texts, int maxTexts, bool allowBlank, string field = "texts", string limitName = "TextsPerCall")
    {
        if (texts is null || texts.Length == 0) throw new InvalidRequestException($"{field}: at least one text is required.", field);
        if (texts.Length > maxTexts)
            throw new LimitExceededException($"{field}: {texts.Length} texts exceed the limit of {maxTexts} per call ({limitName}).", limitName);
        for (var i = 0; i < texts.Length; i++) Check(texts[i], $"{field}[{i}]", allowBlank);
    }

    public static void Check(string? text, string field, bool allowBlank)
    {
        if (text is null) throw new InvalidRequestException($"{field} is null.", field);
        if (!allowBlank && string.IsNullOrWhiteSpace(text)) throw new InvalidRequestException($"{field} is empty or whitespace.", field);
        if (text.Length > ClusterLimits.MaxTextChars)
            throw new InvalidRequestException($"{field} has {text.Length} characters, over the limit of {ClusterLimits.MaxTextChars}.", field);
    }
}
