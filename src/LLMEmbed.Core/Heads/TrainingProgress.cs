namespace LLMEmbed.Core.Heads;

/// <summary>Figures of one finished epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's batches (without the L2 term, with dropout active).</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation split; NaN when there is none.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split; NaN when there is none.</param>
/// <param name="IsBest">Whether this epoch set a new best monitored loss.</param>
public sealed record TrainingProgress(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy, bool IsBest);
