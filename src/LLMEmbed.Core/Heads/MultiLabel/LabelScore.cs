namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// One label's scores over an evaluation: <paramref name="Support"/> rows carry it, <paramref name="Predicted"/>
/// rows were given it. Precision with no prediction, recall with no support, and F1 when both are 0, are 0
/// (scikit-learn's zero_division=0).
/// </summary>
public sealed record LabelScore(string Label, double Precision, double Recall, double F1, int Support, int Predicted);
