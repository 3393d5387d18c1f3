using Microsoft.Extensions.Options;

namespace LLMEmbed.Core.Backbones;

/// <summary>Checks <see cref="EmbeddingRunnerOptions"/>' data annotations (source-generated).</summary>
[OptionsValidator]
public sealed partial class EmbeddingRunnerOptionsValidator : IValidateOptions<EmbeddingRunnerOptions>
{
}
