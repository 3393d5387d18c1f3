using System.CommandLine;
using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Cli.Commands;

/// <summary>Overrides of the multi-label threshold rule, for measuring alternatives to the defaults on `eval` and `compare`.</summary>
internal sealed class MultiLabelThresholdOptions
{
    private readonly Option<int?> _folds = new("--threshold-folds") { Description = "Multi-label: folds of the threshold pass after a holdout C search (0 = tune on the holdout)" };
    private readonly Option<double?> _weight = new("--threshold-weight") { Description = "Multi-label: share of the tuned threshold's move from 0.5 kept (0 = always 0.5)" };
    private readonly Option<int?> _minPositives = new("--min-positives") { Description = "Multi-label: held-out positives a label needs to have its threshold tuned" };

    public static MultiLabelThresholdOptions AddTo(Command command)
    {
        var options = new MultiLabelThresholdOptions();
        command.Options.Add(options._folds);
        command.Options.Add(options._weight);
        command.Options.Add(options._minPositives);
        return options;
    }

    public MultiLabelOptions Apply(ParseResult p, MultiLabelOptions options) => options with
    {
        ThresholdFolds = p.GetValue(_folds) ?? options.ThresholdFolds,
        TunedThresholdWeight = p.GetValue(_weight) ?? options.TunedThresholdWeight,
        MinPositivesToTune = p.GetValue(_minPositives) ?? options.MinPositivesToTune,
    };
}
