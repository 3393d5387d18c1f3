using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Training;

/// <summary>Checks <see cref="TrainingOptions"/>' data annotations (source-generated); a silo runs it once, at start-up.</summary>
[OptionsValidator]
public sealed partial class TrainingOptionsValidator : IValidateOptions<TrainingOptions>
{
}
