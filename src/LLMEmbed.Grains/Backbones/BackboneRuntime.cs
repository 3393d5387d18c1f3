using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;

namespace LLMEmbed.Grains.Backbones;

/// <summary>A loaded backbone on this silo: its tokenizer and its batching loop (which owns the model).</summary>
public sealed record BackboneRuntime(ITokenEncoder Encoder, BackboneBatcher Batcher);
