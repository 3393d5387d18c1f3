namespace LLMEmbed.Core.Backbones;

/// <summary>Text to token ids for one backbone, cut to its maximum length. Thread-safe.</summary>
public interface ITokenEncoder
{
    /// <summary>Longest sequence (special tokens included) the backbone is fed.</summary>
    int MaxTokens { get; }

    /// <summary>
    /// Ids of <paramref name="text"/> with the backbone's special tokens, at most <see cref="MaxTokens"/> long;
    /// never empty. <paramref name="truncated"/> says whether the text was cut.
    /// </summary>
    int[] Encode(string text, out bool truncated);

    /// <summary>Length of the untruncated encoding, special tokens included (for error messages).</summary>
    int CountTokens(string text);
}
