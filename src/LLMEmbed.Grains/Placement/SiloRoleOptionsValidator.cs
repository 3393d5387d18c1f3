using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Placement;

/// <summary>Checks <see cref="SiloRoleOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class SiloRoleOptionsValidator : IValidateOptions<SiloRoleOptions>
{
}
