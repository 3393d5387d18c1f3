namespace LLMEmbed.Core.LongText;

/// <summary>What happens to a text longer than the backbone's window.</summary>
public enum LongTextMode
{
    /// <summary>Keep its first window's worth of tokens (the paper's behaviour, and the default).</summary>
    Truncate,

    /// <summary>Embed it as overlapping windows and pool them back into one vector per tap (<see cref="WindowPooling"/>).</summary>
    Chunk,
}
