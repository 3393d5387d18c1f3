namespace LLMEmbed.Core.Tokenization;

/// <summary>Text to model token ids, special tokens included. Implementations are thread-safe.</summary>
public interface ITextTokenizer
{
    /// <summary>Id the backbone pads with; masked pooling never reads it.</summary>
    int PadId { get; }

    /// <summary>
    /// Ids for <paramref name="text"/> with the model's special tokens, at most <paramref name="maxTokens"/> long.
    /// Truncation keeps the leading special token(s) and the start of the text, and any closing special token stays last.
    /// </summary>
    int[] Encode(string text, int maxTokens, out bool truncated);

    /// <summary>Length of the untruncated encoding, special tokens included.</summary>
    int CountTokens(string text);
}
