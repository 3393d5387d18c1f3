using Microsoft.Extensions.Options;

namespace LLMEmbed.Core.Batching;

/// <summary>Checks <see cref="BatchingOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class BatchingOptionsValidator : IValidateOptions<BatchingOptions>
{
}
