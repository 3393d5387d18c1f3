using Microsoft.Extensions.Options;

namespace LLMEmbed.Core.LongText;

/// <summary>Checks <see cref="LongTextOptions"/>' data annotations (source-generated).</summary>
[OptionsValidator]
public sealed partial class LongTextOptionsValidator : IValidateOptions<LongTextOptions>
{
}
