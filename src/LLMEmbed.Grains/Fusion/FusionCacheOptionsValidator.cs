using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Fusion;

/// <summary>Checks <see cref="FusionCacheOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class FusionCacheOptionsValidator : IValidateOptions<FusionCacheOptions>
{
}
