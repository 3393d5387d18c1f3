using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Limits;

/// <summary>Checks the gateway makes before any grain call: counts and blank texts.</summary>
public static class RequestLimits
{
    public const string TextsPerCall = "texts_per_call";

    public static void CheckTexts(IReadOnlyList<string> texts, TenantLimits limits, string field = "texts")
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(limits);
        if (texts.Count == 0) throw new InvalidRequestException($"{field} is empty; send at least one text.", field);
        CheckCount(texts.Count, limits);
        for (var i = 0; i < texts.Count; i++)
            if (string.IsNullOrWhiteSpace(texts[i]))
                throw new InvalidRequestException($"{field}[{i}] is empty.", $"{field}[{i}]");
    }

    public static void CheckCount(int count, TenantLimits limits)
    {
        if (count > limits.TextsPerCall)
            throw new LimitExceededException($"{TextsPerCall} limit ({limits.TextsPerCall}) exceeded: the call carries {count} texts.", TextsPerCall);
    }

    /// <summary>Blank text or label of one example; <paramref name="field"/> names it in the error (e.g. "examples[3]").</summary>
    public static void CheckExample(string text, string label, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidRequestException($"{field}.text is empty.", $"{field}.text");
        if (string.IsNullOrWhiteSpace(label)) throw new InvalidRequestException($"{field}.label is empty.", $"{field}.label");
    }
}
