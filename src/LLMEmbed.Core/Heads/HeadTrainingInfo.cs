namespace LLMEmbed.Core.Heads;

/// <summary>How a head was trained (kept with it and serialised).</summary>
/// <param name="Epochs">Epochs run (including those after the best one); L-BFGS iterations of the final fit.</param>
/// <param name="BestEpoch">1-based epoch whose weights the head holds (the last iteration for L-BFGS).</param>
/// <param name="BestValidationLoss">Mean cross-entropy at <paramref name="BestEpoch"/> on the validation split (training loss when there was none).</param>
/// <param name="TrainingExamples">Examples the final fit saw.</param>
/// <param name="OptionsSummary"><see cref="HeadOptions.Summary"/> of the run.</param>
/// <param name="L2">The L2 coefficient the head was fitted with (NaN for heads stored before it was recorded).</param>
/// <param name="Dropout">The dropout the head was fitted with (0 for softmax regression; NaN when not recorded).</param>
/// <param name="CvAccuracy">Mean held-out accuracy of the chosen values during selection; NaN when nothing was selected.</param>
/// <param name="Selection">How the values were chosen, e.g. "5-fold CV over 10 C values" or "fixed".</param>
public sealed record HeadTrainingInfo(int Epochs, int BestEpoch, double BestValidationLoss, int TrainingExamples, string OptionsSummary,
    float L2 = float.NaN, float Dropout = float.NaN, double CvAccuracy = double.NaN, string Selection = "");
