using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Experiments;

/// <summary>
/// One recipe's multi-label head evaluated on a dataset's test split: <paramref name="Report"/> under the head's
/// tuned thresholds, <paramref name="ReportAtDefault"/> with every threshold at
/// <see cref="MultiLabelOptions.DefaultThreshold"/> (what the tuning buys), and the trained head.
/// </summary>
public sealed record MultiLabelExperimentResult(
    string Dataset,
    string Features,
    int FeatureDim,
    int TrainSize,
    int TestSize,
    IReadOnlyList<string> Labels,
    MultiLabelReport Report,
    MultiLabelReport ReportAtDefault,
    double SecondsEmbed,
    double SecondsTrain,
    MultiLabelHead Head);
