using LLMEmbed.Grains.Abstractions.Backbones;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Texts to turn into one recipe's fused vectors, long texts read as <see cref="LongText"/> says;
/// with <see cref="Truncate"/> false a text over a backbone's token limit fails the call.
/// Immutable: the local hop from the tenant grain passes it by reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.fusion.FusionRequest")]
public sealed record FusionRequest(
    [property: Id(0)] string Recipe,
    [property: Id(1)] LongTextSettings LongText,
    [property: Id(2)] string[] Texts,
    [property: Id(3)] bool Truncate);
