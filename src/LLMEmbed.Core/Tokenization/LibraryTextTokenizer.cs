namespace LLMEmbed.Core.Tokenization;

/// <summary>
/// Adapts a Microsoft.ML.Tokenizers tokenizer's encode function. When the encoding ends with a closing special
/// token (BERT's [SEP]), truncation cuts the text before it and puts it back last, as the model saw in training.
/// </summary>
internal sealed class LibraryTextTokenizer : ITextTokenizer
{
    private readonly Func<string, IReadOnlyList<int>> _encode;
    private readonly int? _closingId;

    /// <param name="encode">Full encoding with special tokens; each library type has its own overload for that.</param>
    public LibraryTextTokenizer(Func<string, IReadOnlyList<int>> encode, int padId, int? closingId)
    {
        _encode = encode;
        _closingId = closingId;
        PadId = padId;
    }

    public int PadId { get; }

    public int[] Encode(string text, int maxTokens, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = _encode(text);
        truncated = ids.Count > maxTokens;
        if (!truncated) return [.. ids];
        var result = new int[maxTokens];
        for (var i = 0; i < maxTokens; i++) result[i] = ids[i];
        if (_closingId is { } closing && ids[^1] == closing) result[^1] = closing;
        return result;
    }

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _encode(text).Count;
    }
}
