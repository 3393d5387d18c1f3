namespace LLMEmbed.Core.Tokenization;

/// <summary>
/// Adapts a Microsoft.ML.Tokenizers tokenizer: its content encoding, asked for at most a given number of
/// tokens so a long text is encoded only as far as it is kept, between the model's leading and trailing
/// special tokens. Truncation cuts the content and keeps both (BERT's [SEP] stays last, as the model saw
/// in training).
/// </summary>
internal sealed class LibraryTextTokenizer : ITextTokenizer
{
    /// <summary>
    /// Tokens asked for beyond the cut. The library stops before a word whose tokens would pass its maximum, so
    /// without room for that word the kept tokens could end a word early, unlike the whole text's encoding.
    /// WordPiece reads at most 100 characters of a word, so 128 tokens hold any one word.
    /// </summary>
    private const int WordRoom = 128;

    private readonly ContentEncoder _encode;
    private readonly int[] _prefix, _suffix;

    /// <summary>Content ids of <paramref name="text"/> (no special tokens), at most <paramref name="maxTokens"/>, and whether they cover the whole text.</summary>
    public delegate (IReadOnlyList<int> Ids, bool Whole) ContentEncoder(string text, int maxTokens);

    /// <param name="encode">The library's encoding without special tokens, up to a token count.</param>
    /// <param name="prefix">Special ids every encoding opens with ([CLS], or a beginning-of-sentence id).</param>
    /// <param name="suffix">Special ids every encoding closes with ([SEP]).</param>
    public LibraryTextTokenizer(ContentEncoder encode, int padId, int[] prefix, int[] suffix)
    {
        _encode = encode;
        _prefix = prefix;
        _suffix = suffix;
        PadId = padId;
    }

    public int PadId { get; }

    public int[] Encode(string text, int maxTokens, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, Math.Max(2, _prefix.Length + _suffix.Length));
        var room = maxTokens - _prefix.Length - _suffix.Length;
        var (content, whole) = _encode(text, room > int.MaxValue - WordRoom ? int.MaxValue : room + WordRoom);
        // The library stopped early before a word longer than the extra room: only the whole encoding says where the cut falls.
        if (!whole && content.Count <= room) content = _encode(text, int.MaxValue).Ids;
        truncated = content.Count > room;
        var kept = Math.Min(content.Count, room);
        var result = new int[_prefix.Length + kept + _suffix.Length];
        _prefix.CopyTo(result, 0);
        for (var i = 0; i < kept; i++) result[_prefix.Length + i] = content[i];
        _suffix.CopyTo(result, _prefix.Length + kept);
        return result;
    }

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _prefix.Length + _encode(text, int.MaxValue).Ids.Count + _suffix.Length;
    }
}
