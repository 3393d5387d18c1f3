using LLMEmbed.Core.Experiments;

namespace LLMEmbed.Cli.Rendering;

/// <summary>The `--json` shape of a multi-label evaluation (snake_case keys, as <see cref="JsonReport"/>).</summary>
internal static class MultiLabelJson
{
    public static Dictionary<string, object?> ToObject(MultiLabelExperimentResult r)
    {
        var training = r.Head.Training;
        return new()
        {
            ["dataset"] = r.Dataset,
            ["features"] = r.Features,
            ["feature_dim"] = r.FeatureDim,
            ["train"] = r.TrainSize,
            ["test"] = r.TestSize,
            ["labels"] = r.Labels,
            ["micro_f1"] = r.Report.MicroF1,
            ["macro_f1"] = r.Report.MacroF1,
            ["exact_match"] = r.Report.ExactMatch,
            ["micro_precision"] = r.Report.MicroPrecision,
            ["micro_recall"] = r.Report.MicroRecall,
            ["at_default_threshold"] = new Dictionary<string, double>
            {
                ["micro_f1"] = r.ReportAtDefault.MicroF1, ["macro_f1"] = r.ReportAtDefault.MacroF1, ["exact_match"] = r.ReportAtDefault.ExactMatch,
            },
            ["seconds_embed"] = r.SecondsEmbed,
            ["train_seconds"] = r.SecondsTrain,
            ["selection"] = training.Selection,
            ["cv_micro_f1"] = double.IsNaN(training.CvMicroF1) ? null : training.CvMicroF1,
            ["chosen_c"] = CSummary.Counts(training.C),
            ["per_label"] = r.Report.PerLabel.Select((s, l) => new Dictionary<string, object?>
            {
                ["label"] = s.Label, ["precision"] = s.Precision, ["recall"] = s.Recall, ["f1"] = s.F1, ["support"] = s.Support,
                ["predicted"] = s.Predicted, ["threshold"] = training.Thresholds[l],
                ["c"] = double.IsNaN(training.C[l]) ? null : training.C[l],
            }).ToArray(),
        };
    }
}
