using LLMEmbed.Grains.Abstractions.Backbones;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Texts to turn into one recipe's fused vectors, long texts read as <see cref="LongText"/> says;
/// with <see cref="Truncate"/> false a text over a backbone's token limit fails the call.
/// With <see cref="ZeroShot"/> the reply also carries each text's zero-shot vector (<see cref="Core.ZeroShot.ZeroShotView"/>),
/// taken from the same backbone pass. <see cref="CacheScope"/> names the caller (a tenant) whose cached vectors
/// the texts may reuse (see <see cref="FusionCache.ShareAcrossTenants"/>). Immutable: the local hop from the tenant grain passes it by reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.fusion.FusionRequest")]
public sealed record FusionRequest(
    [property: Id(0)] string Recipe,
    [property: Id(1)] LongTextSettings LongText,
    [property: Id(2)] string[] Texts,
    [property: Id(3)] bool Truncate,
    [property: Id(4)] bool ZeroShot = false,
    [property: Id(5)] string CacheScope = "");
