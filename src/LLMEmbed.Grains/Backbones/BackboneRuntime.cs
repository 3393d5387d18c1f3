using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Grains.Backbones;

/// <summary>A loaded backbone on this silo: its tokenizer and token limit, and its batching loop (which owns the model).</summary>
public sealed record BackboneRuntime(ITextTokenizer Tokenizer, int MaxTokens, BackboneBatcher Batcher);
