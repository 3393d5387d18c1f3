using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

/// <summary>How thresholds are tuned when the C search scores one holdout, and how far they move from the default.</summary>
public sealed class ThresholdRuleTests
{
    // CvWorkLimit 1000 forces the single-holdout search on these small sets.
    private static readonly MultiLabelOptions Holdout = new() { MaxDegreeOfParallelism = 2, CvWorkLimit = 1000, DefaultThreshold = 0.37 };

    /// <summary>Separable labels plus "rare" on eight rows: a 20% holdout holds about two of them, eight folds all eight.</summary>
    private static MultiLabelSet WithRareLabel()
    {
        var (rows, labels) = SyntheticMultiLabel.Separable(200, 6, seed: 21);
        string[][] withRare = [.. labels.Select((l, r) => r % 25 == 3 ? [.. l, "rare"] : l)];
        return new MultiLabelSet(rows, withRare);
    }

    [Fact]
    public void AfterAHoldoutSearchThresholdsAreTunedOnKFoldOutOfFoldRows()
    {
        var data = WithRareLabel();
        MultiLabelHead onHoldout = MultiLabelTrainer.Train(data, Holdout with { ThresholdFolds = 0 });
        MultiLabelHead onFolds = MultiLabelTrainer.Train(data, Holdout with { ThresholdFolds = 5, MinPositivesToTune = 5 });

        int rare = data.Labels.ToList().IndexOf("rare");
        // The holdout alone has too few positives of "rare" to tune; the five folds hold out all eight.
        Assert.Equal(0.37, onHoldout.Training.Thresholds[rare]);
        Assert.NotEqual(0.37, onFolds.Training.Thresholds[rare]);
        Assert.Contains("thresholds on 5-fold out-of-fold", onFolds.Training.Selection);
        Assert.DoesNotContain("thresholds on", onHoldout.Training.Selection);
        // The pass only moves thresholds: the C chosen per label is the search's either way.
        Assert.Equal(onHoldout.Training.C, onFolds.Training.C);
    }

    [Fact]
    public void KFoldSearchNeedsNoExtraPass()
    {
        var data = WithRareLabel();
        MultiLabelHead head = MultiLabelTrainer.Train(data, Holdout with { CvWorkLimit = long.MaxValue });
        Assert.StartsWith("5-fold CV", head.Training.Selection);
        Assert.DoesNotContain("thresholds on", head.Training.Selection);
    }

    [Fact]
    public void TheWeightKeepsThatShareOfTheTunedMove()
    {
        var data = WithRareLabel();
        MultiLabelHead full = MultiLabelTrainer.Train(data, Holdout with { TunedThresholdWeight = 1 });
        MultiLabelHead half = MultiLabelTrainer.Train(data, Holdout with { TunedThresholdWeight = 0.5 });
        MultiLabelHead none = MultiLabelTrainer.Train(data, Holdout with { TunedThresholdWeight = 0 });

        Assert.Contains(full.Training.Thresholds, t => Math.Abs(t - 0.37) > 0.01);
        for (int l = 0; l < data.Labels.Count; l++)
        {
            Assert.Equal(0.37 + 0.5 * (full.Training.Thresholds[l] - 0.37), half.Training.Thresholds[l], 12);
            Assert.Equal(0.37, none.Training.Thresholds[l]);
        }
    }

    [Fact]
    public void DefaultsTuneOnFiveFoldsAndKeepHalfTheMove()
    {
        var defaults = new MultiLabelOptions();
        Assert.Equal(5, defaults.ThresholdFolds);
        Assert.Equal(0.5, defaults.TunedThresholdWeight);
        var data = WithRareLabel();
        MultiLabelHead byDefault = MultiLabelTrainer.Train(data, Holdout with { ThresholdFolds = defaults.ThresholdFolds, TunedThresholdWeight = defaults.TunedThresholdWeight });
        MultiLabelHead full = MultiLabelTrainer.Train(data, Holdout with { TunedThresholdWeight = 1 });
        for (int l = 0; l < data.Labels.Count; l++)
            Assert.Equal(0.37 + 0.5 * (full.Training.Thresholds[l] - 0.37), byDefault.Training.Thresholds[l], 12);
    }
}
