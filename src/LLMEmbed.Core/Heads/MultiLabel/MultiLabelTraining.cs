namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// How a <see cref="MultiLabelHead"/> was trained. Per label (in <see cref="MultiLabelHead.Labels"/> order): the C
/// chosen (NaN for a constant label) and the tuned threshold. <paramref name="CvMicroF1"/> is the micro-F1 of the
/// out-of-fold probabilities at the chosen C under these thresholds (optimistic: the thresholds were tuned on
/// the same rows; NaN with <see cref="MultiLabelOptions.FixedC"/>).
/// </summary>
public sealed record MultiLabelTraining(double[] C, double[] Thresholds, string Selection, double CvMicroF1, int Rows, double Seconds);
