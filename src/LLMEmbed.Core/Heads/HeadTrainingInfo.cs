namespace LLMEmbed.Core.Heads;

/// <summary>How a head was trained (kept with it and serialised).</summary>
/// <param name="Epochs">Epochs run (including those after the best one).</param>
/// <param name="BestEpoch">1-based epoch whose weights the head holds.</param>
/// <param name="BestValidationLoss">Mean cross-entropy at <paramref name="BestEpoch"/> on the validation split (training loss when there was none).</param>
/// <param name="TrainingExamples">Examples the optimiser saw per epoch.</param>
/// <param name="OptionsSummary"><see cref="HeadOptions.Summary"/> of the run.</param>
public sealed record HeadTrainingInfo(int Epochs, int BestEpoch, double BestValidationLoss, int TrainingExamples, string OptionsSummary);
