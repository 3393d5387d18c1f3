using Microsoft.Extensions.Options;

namespace LLMEmbed.Core.Backbones;

/// <summary>Checks <see cref="BackboneOptions"/>' data annotations (source-generated).</summary>
[OptionsValidator]
public sealed partial class BackboneOptionsValidator : IValidateOptions<BackboneOptions>
{
}
