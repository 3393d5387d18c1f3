using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.LongText;

/// <summary>
/// Texts cut into backbone windows (<see cref="TextWindows"/>): every window in text order, how many each text
/// took and each text's full encoded length. The offline runner and the serving replicas both cut texts here.
/// </summary>
public sealed record WindowedTexts(int[][] Windows, int[] WindowsPerText, int[] FullLengths)
{
    /// <summary>Tokens of each window, the weights <see cref="WindowPooling"/> folds windows back with.</summary>
    public int[] WindowTokens => [.. Windows.Select(w => w.Length)];

    /// <summary>
    /// Encodes each text untruncated and cuts it into at most <paramref name="maxWindows"/> windows of
    /// <paramref name="window"/> tokens sharing <paramref name="overlap"/> content tokens. <paramref name="check"/>
    /// sees (text index, full length) before that text is cut, so a caller can refuse it with its own error.
    /// <paramref name="specials"/> is <see cref="SpecialTokens.Of"/> of the tokenizer, which callers already hold.
    /// </summary>
    public static WindowedTexts Split(ITextTokenizer tokenizer, (int Prefix, int Suffix) specials, IReadOnlyList<string> texts, int window,
        int overlap, int maxWindows, Action<int, int>? check = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        var (prefix, suffix) = specials;
        var windows = new List<int[]>(texts.Count);
        var perText = new int[texts.Count];
        var lengths = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var full = tokenizer.Encode(text, int.MaxValue, out _);
            if (full.Length == 0) throw new InvalidOperationException($"Text {i} encoded to no tokens.");
            lengths[i] = full.Length;
            check?.Invoke(i, full.Length);
            var split = TextWindows.Split(full, prefix, suffix, window, overlap, maxWindows);
            perText[i] = split.Length;
            windows.AddRange(split);
        }
        return new WindowedTexts([.. windows], perText, lengths);
    }
}
