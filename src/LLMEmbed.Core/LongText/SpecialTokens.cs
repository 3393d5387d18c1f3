using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.LongText;

/// <summary>The leading and trailing special tokens every encoding of a tokenizer carries (what each window repeats).</summary>
public static class SpecialTokens
{
    /// <summary>
    /// Read off the encoding of the empty text: its ids that also open a real encoding are the prefix,
    /// the rest the suffix. A tokenizer of another shape keeps all its specials in front.
    /// </summary>
    public static (int Prefix, int Suffix) Of(ITextTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var empty = tokenizer.Encode(string.Empty, int.MaxValue, out _);
        var sample = tokenizer.Encode("a", int.MaxValue, out _);
        var prefix = 0;
        while (prefix < empty.Length && prefix < sample.Length && empty[prefix] == sample[prefix]) prefix++;
        var suffix = empty.Length - prefix;
        for (var k = 0; k < suffix; k++)
            if (sample.Length - suffix + k < prefix || sample[sample.Length - suffix + k] != empty[prefix + k])
                return (empty.Length, 0);
        return (prefix, suffix);
    }
}
