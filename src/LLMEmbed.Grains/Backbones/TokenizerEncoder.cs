using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Grains.Backbones;

/// <summary>A backbone's tokenizer fixed to that backbone's token limit.</summary>
public sealed class TokenizerEncoder : ITokenEncoder
{
    private readonly ITextTokenizer _tokenizer;

    public TokenizerEncoder(ITextTokenizer tokenizer, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
    }

    public int MaxTokens { get; }

    public int[] Encode(string text, out bool truncated) => _tokenizer.Encode(text, MaxTokens, out truncated);

    public int CountTokens(string text) => _tokenizer.CountTokens(text);
}
