using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Routing;

/// <summary>Checks <see cref="RoutingOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
}
