namespace LLMEmbed.Core.Evaluation;

/// <summary>Per-class figures of a <see cref="ClassificationReport"/>.</summary>
/// <param name="Label">Class name.</param>
/// <param name="Precision">TP / predicted count; 0 when the class is never predicted.</param>
/// <param name="Recall">TP / support; 0 when the class never occurs.</param>
/// <param name="F1">Harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="Support">Number of examples whose true class this is.</param>
/// <param name="Predicted">Number of examples predicted as this class.</param>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support, int Predicted);
