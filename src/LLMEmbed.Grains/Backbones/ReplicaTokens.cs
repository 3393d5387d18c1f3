using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Core.LongText;
using LLMEmbed.Core.Tokenization;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// A request's texts as the sequences a replica runs: each text cut to the token limit (truncate), or
/// cut into windows (chunk, <see cref="TextWindows"/>), every window of the request in one batch so
/// they share model runs with each other and with other callers. Every text is checked before any
/// is run, so a refused request costs no model time.
/// </summary>
internal sealed record ReplicaTokens(TokenBatch Batch, bool[] Truncated, int[] WindowsPerText, int[] WindowTokens)
{
    public static ReplicaTokens Of(EmbedTextsRequest request, ITextTokenizer tokenizer, int maxTokens, string backboneId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var longText = request.LongText ?? LongTextSettings.Default;
        return longText.Chunks ? Windowed(request, longText, tokenizer, maxTokens, backboneId) : Cut(request, tokenizer, maxTokens, backboneId);
    }

    /// <summary>Per text, for the reply: empty when no text took more than one window.</summary>
    public int[] ReportedWindows => Batch.Count == WindowsPerText.Length ? [] : WindowsPerText;

    /// <summary>One pooled row per text: a text's windows folded back by their token-weighted mean (<see cref="WindowPooling"/>).</summary>
    public PooledLayers PerText(PooledLayers sequences) =>
        sequences.Sequences == WindowsPerText.Length ? sequences : WindowPooling.Pool(sequences, WindowsPerText, WindowTokens);

    private static ReplicaTokens Cut(EmbedTextsRequest request, ITextTokenizer tokenizer, int maxTokens, string backboneId)
    {
        var sequences = new int[request.Texts.Length][];
        var truncated = new bool[request.Texts.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            sequences[i] = tokenizer.Encode(request.Texts[i], maxTokens, out truncated[i]);
            if (truncated[i] && !request.Truncate)
                throw new TextTooLongException(i, tokenizer.CountTokens(request.Texts[i]), maxTokens, backboneId);
        }
        return new ReplicaTokens(TokenBatch.FromSequences(sequences), truncated, [.. Enumerable.Repeat(1, sequences.Length)], [.. sequences.Select(s => s.Length)]);
    }

    private static ReplicaTokens Windowed(EmbedTextsRequest request, LongTextSettings longText, ITextTokenizer tokenizer, int maxTokens, string backboneId)
    {
        var (prefix, suffix) = SpecialTokens.Of(tokenizer);
        if (maxTokens - prefix - suffix - longText.Overlap < 1)
            throw new InvalidRequestException(
                $"chunk_overlap: {longText.Overlap} shared tokens leave no new text in backbone '{backboneId}''s {maxTokens}-token windows; choose a smaller overlap.",
                "chunk_overlap");
        var cut = WindowedTexts.Split(tokenizer, (prefix, suffix), request.Texts, maxTokens, longText.Overlap, longText.MaxWindows, i =>
        {
            if (!request.Truncate)
                throw new TextTooLongException(i, tokenizer.CountTokens(request.Texts[i]),
                    TextWindows.Longest(prefix, suffix, maxTokens, longText.Overlap, longText.MaxWindows), backboneId);
        });
        return new ReplicaTokens(TokenBatch.FromSequences(cut.Windows), cut.Cut, cut.WindowsPerText, cut.WindowTokens);
    }
}
