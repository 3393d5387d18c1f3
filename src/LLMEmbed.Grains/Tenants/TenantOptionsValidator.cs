using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Checks <see cref="TenantOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class TenantOptionsValidator : IValidateOptions<TenantOptions>
{
}
