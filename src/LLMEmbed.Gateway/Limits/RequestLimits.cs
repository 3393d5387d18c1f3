using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Limits;

/// <summary>
/// The one check of incoming texts (grains trust what passes): counts, blank texts, and the
/// character limit. With truncate, a text over the character limit is cut here, cheaply, before
/// any tokenizer sees it: the backbones keep at most their token limit of it anyway.
/// </summary>
public static class RequestLimits
{
    public const string TextsPerCall = "texts_per_call";

    /// <summary>The texts to send on (cut where allowed) and whether each was cut here.</summary>
    public static (string[] Texts, bool[] Cut) CheckTexts(IReadOnlyList<string> texts, TenantInfo tenant, bool truncate, string field = "texts")
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(tenant);
        if (texts.Count == 0) throw new InvalidRequestException($"{field} is empty; send at least one text.", field);
        CheckCount(texts.Count, tenant.Limits);
        var checkedTexts = new string[texts.Count];
        var cut = new bool[texts.Count];
        for (var i = 0; i < texts.Count; i++) (checkedTexts[i], cut[i]) = CheckText(texts[i], tenant, truncate, $"{field}[{i}]");
        return (checkedTexts, cut);
    }

    public static void CheckCount(int count, TenantLimits limits)
    {
        if (count > limits.TextsPerCall)
            throw new LimitExceededException($"{TextsPerCall} limit ({limits.TextsPerCall}) exceeded: the call carries {count} texts.", TextsPerCall);
    }

    /// <summary>
    /// One example: text as <see cref="CheckText"/>; a label not blank, or labels for named tasks (<see cref="ExampleTaskLabels"/>).
    /// <paramref name="field"/> names it (e.g. "examples[3]"), or is empty.
    /// </summary>
    /// <param name="unlabelled">The row is stored without a label: its labels, the tasks' too, are ignored (stored as "").</param>
    public static (LabeledExample Example, bool Cut) CheckExample(string text, string label, TenantInfo tenant, bool truncate, string field, bool unlabelled = false,
        IReadOnlyList<TaskLabel>? tasks = null)
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        var (checkedText, cut) = CheckText(text, tenant, truncate, prefix + "text");
        if (unlabelled) return (new LabeledExample(checkedText, ""), cut);
        var (checkedLabel, checkedTasks) = ExampleTaskLabels.Check(label, tasks, prefix);
        return (new LabeledExample(checkedText, checkedLabel, Tasks: checkedTasks), cut);
    }

    public static (string Text, bool Cut) CheckText(string? text, TenantInfo tenant, bool truncate, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidRequestException($"{field} is empty.", field);
        if (text.Length <= ClusterLimits.MaxTextChars) return (text, false);
        if (!truncate)
        {
            var reads = tenant.LongText is { Chunks: true } chunk
                ? $"{chunk.MaxWindows} windows of {tenant.MaxTokensPerText} tokens"
                : $"{tenant.MaxTokensPerText} tokens";
            throw new InvalidRequestException(
                $"{field} has {text.Length} characters, over the limit of {ClusterLimits.MaxTextChars} characters; the backbones read at most " +
                $"{reads} of a text. Send truncate (--truncate) to cut it to what they read.", field);
        }
        // Every token spans at least one character, so the first MaxTextChars characters hold the first tokens in full.
        var length = ClusterLimits.MaxTextChars;
        if (char.IsHighSurrogate(text[length - 1])) length--;
        return (text[..length], true);
    }
}
