using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.LongText;

/// <summary>
/// Texts cut into backbone windows (<see cref="TextWindows"/>): every window in text order, how many each text
/// took, and which texts were longer than their windows hold (the rest dropped). The offline runner and the
/// serving replicas both cut texts here.
/// </summary>
public sealed record WindowedTexts(int[][] Windows, int[] WindowsPerText, bool[] Cut)
{
    /// <summary>Tokens of each window, the weights <see cref="WindowPooling"/> folds windows back with.</summary>
    public int[] WindowTokens => [.. Windows.Select(w => w.Length)];

    /// <summary>
    /// Encodes each text as far as <paramref name="maxWindows"/> windows of <paramref name="window"/> tokens sharing
    /// <paramref name="overlap"/> content tokens can use (<see cref="TextWindows.Longest"/>; the tokenizer stops there)
    /// and cuts it into those windows. <paramref name="onCut"/> sees the index of each text longer than that before it
    /// is cut, so a caller can refuse it with its own error. <paramref name="specials"/> is <see cref="SpecialTokens.Of"/>
    /// of the tokenizer, which callers already hold.
    /// </summary>
    public static WindowedTexts Split(ITextTokenizer tokenizer, (int Prefix, int Suffix) specials, IReadOnlyList<string> texts, int window,
        int overlap, int maxWindows, Action<int>? onCut = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        var (prefix, suffix) = specials;
        var longest = TextWindows.Longest(prefix, suffix, window, overlap, maxWindows);
        var windows = new List<int[]>(texts.Count);
        var perText = new int[texts.Count];
        var cut = new bool[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var ids = tokenizer.Encode(text, longest, out cut[i]);
            if (ids.Length == 0) throw new InvalidOperationException($"Text {i} encoded to no tokens.");
            if (cut[i]) onCut?.Invoke(i);
            var split = TextWindows.Split(ids, prefix, suffix, window, overlap, maxWindows);
            perText[i] = split.Length;
            windows.AddRange(split);
        }
        return new WindowedTexts([.. windows], perText, cut);
    }
}
