namespace LLMEmbed.Core.Backbones;

/// <summary>Text to token ids for one backbone, already truncated to its maximum length. Thread-safe.</summary>
public interface ITokenEncoder
{
    /// <summary>Ids of <paramref name="text"/> with the backbone's special tokens; never empty.</summary>
    int[] Encode(string text);
}
