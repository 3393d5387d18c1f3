using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

public sealed class MultiLabelTrainerTests
{
    private static readonly MultiLabelOptions Fast = new() { MaxDegreeOfParallelism = 2 };

    [Fact]
    public void SeparableSetIsLearnedAndEmptyRowsGetNoLabel()
    {
        var train = SyntheticMultiLabel.Separable(300, 8, seed: 1);
        var test = SyntheticMultiLabel.Separable(300, 8, seed: 2);
        MultiLabelHead head = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast);

        string[][] predicted = SyntheticMultiLabel.Predict(head, test.Rows);
        var report = MultiLabelReport.Compute(test.Labels, predicted, head.Labels);
        Assert.Equal(["a", "b", "c"], head.Labels);
        Assert.True(report.MicroF1 > 0.9, $"micro-F1 {report.MicroF1}");
        int[] empty = [.. Enumerable.Range(0, test.Rows.Length).Where(r => test.Labels[r].Length == 0)];
        Assert.True(empty.Length > 30, $"only {empty.Length} rows without a label");
        double noneRate = empty.Count(r => predicted[r].Length == 0) / (double)empty.Length;
        Assert.True(noneRate > 0.9, $"only {noneRate:P0} of the label-less rows were predicted as none");
        Assert.Contains("5-fold", head.Training.Selection);
        Assert.True(head.Training.CvMicroF1 > 0.9, $"cv micro-F1 {head.Training.CvMicroF1}");
        Assert.All(head.Training.C, c => Assert.Contains(c, Fast.InverseRegularizationGrid));
    }

    [Fact]
    public void SkewedLabelGetsATunedThresholdThatBeatsOneHalfOnHeldOutRows()
    {
        var train = SyntheticMultiLabel.Skewed(1500, 6, seed: 3);
        var test = SyntheticMultiLabel.Skewed(3000, 6, seed: 4);
        MultiLabelHead head = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast);

        float tuned = head.Thresholds[0];
        Assert.True(tuned < 0.45f, $"threshold {tuned} is not below 0.5");
        double tunedF1 = TestF1(head);
        double halfF1 = TestF1(head.WithThresholds([0.5f]));
        Assert.True(tunedF1 > halfF1 + 0.02, $"tuned F1 {tunedF1} vs 0.5's {halfF1}");

        double TestF1(MultiLabelHead h) =>
            MultiLabelReport.Compute(test.Labels, SyntheticMultiLabel.Predict(h, test.Rows), h.Labels).PerLabel[0].F1;
    }

    [Fact]
    public void RareLabelFallsBackToTheDefaultThreshold()
    {
        var (rows, labels) = SyntheticMultiLabel.Separable(200, 6, seed: 5);
        // Three rows also carry "rare": under 5-fold CV at most three held-out positives, below MinPositivesToTune 5.
        string[][] withRare = [.. labels.Select((l, r) => r is 10 or 50 or 90 ? [.. l, "rare"] : l)];
        var options = Fast with { DefaultThreshold = 0.37 };
        MultiLabelHead head = MultiLabelTrainer.Train(new MultiLabelSet(rows, withRare), options);

        int rare = head.Labels.ToList().IndexOf("rare");
        Assert.Equal(0.37f, head.Thresholds[rare]);
        Assert.Equal(0.37, head.Training.Thresholds[rare]);
        Assert.Contains(head.Thresholds.Where((_, l) => l != rare), t => t != 0.37f);
    }

    [Fact]
    public void LabelsWithNoPositiveOrNoNegativeGetConstantHeads()
    {
        var (rows, labels) = SyntheticMultiLabel.Separable(120, 6, seed: 6);
        string[][] withAlways = [.. labels.Select(l => (string[])[.. l, "always"])];
        var set = new MultiLabelSet(rows, withAlways, ["a", "b", "c", "never", "always"]);
        MultiLabelHead head = MultiLabelTrainer.Train(set, Fast);

        float[] p = head.PredictProbabilities(rows[0]);
        Assert.True(p[3] < 0.01f, $"never: {p[3]}");
        Assert.True(p[4] > 0.99f, $"always: {p[4]}");
        Assert.True(double.IsNaN(head.Training.C[3]) && double.IsNaN(head.Training.C[4]));
        Assert.Equal(0.5f, head.Thresholds[3]);
        Assert.All(head.WeightsOf(3).ToArray(), w => Assert.Equal(0f, w));
        bool[] on = head.Decide(p);
        Assert.False(on[3]);
        Assert.True(on[4]);
    }

    [Fact]
    public void SameSeedGivesTheSameHeadWhateverTheThreadCount()
    {
        var train = SyntheticMultiLabel.Separable(150, 6, seed: 7);
        var options = new MultiLabelOptions { Seed = 11 };
        MultiLabelHead first = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), options with { MaxDegreeOfParallelism = 1 });
        MultiLabelHead second = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), options with { MaxDegreeOfParallelism = 2 });
        MultiLabelHead otherSeed = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), options with { Seed = 12 });

        float[] flat = [.. train.Rows.SelectMany(r => r)];
        Assert.Equal(first.PredictProbabilities(flat, train.Rows.Length), second.PredictProbabilities(flat, train.Rows.Length));
        Assert.Equal(first.Thresholds, second.Thresholds);
        Assert.Equal(first.Training.C, second.Training.C);
        // Another seed deals other folds, so the out-of-fold thresholds move.
        Assert.NotEqual(first.Thresholds, otherSeed.Thresholds);
    }

    [Fact]
    public void LargeSetsUseOneHoldoutOverHalfTheGrid()
    {
        var train = SyntheticMultiLabel.Separable(200, 6, seed: 8);
        MultiLabelHead head = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast with { CvWorkLimit = 1000 });
        Assert.StartsWith("20 % holdout over 5 C values", head.Training.Selection);
    }

    [Fact]
    public void FixedCSkipsTheSearchAndKeepsTheDefaultThreshold()
    {
        var train = SyntheticMultiLabel.Separable(100, 6, seed: 9);
        MultiLabelHead head = MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast with { FixedC = 0.3 });
        Assert.All(head.Training.C, c => Assert.Equal(0.3, c));
        Assert.All(head.Thresholds, t => Assert.Equal(0.5f, t));
        Assert.Equal("fixed C=0.3", head.Training.Selection);
        Assert.True(double.IsNaN(head.Training.CvMicroF1));
    }

    [Fact]
    public void ProgressEndsAtOneAndCancellationStopsTraining()
    {
        var train = SyntheticMultiLabel.Separable(100, 6, seed: 10);
        var reports = new List<double>();
        MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast, new SynchronousProgress(reports.Add));
        Assert.Equal(1.0, reports[^1], 9);
        Assert.Equal(reports.Order(), reports);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), Fast, ct: cancelled.Token));
    }

    [Theory]
    [InlineData("CvFolds")]
    [InlineData("DefaultThreshold")]
    [InlineData("MinPositivesToTune")]
    [InlineData("FixedC")]
    [InlineData("InverseRegularizationGrid")]
    [InlineData("CvHoldoutFraction")]
    [InlineData("MaxDegreeOfParallelism")]
    [InlineData("ThresholdFolds")]
    [InlineData("TunedThresholdWeight")]
    public void BadOptionsNameTheField(string field)
    {
        MultiLabelOptions bad = field switch
        {
            "CvFolds" => new() { CvFolds = 1 },
            "DefaultThreshold" => new() { DefaultThreshold = 1.5 },
            "MinPositivesToTune" => new() { MinPositivesToTune = 0 },
            "FixedC" => new() { FixedC = -1 },
            "InverseRegularizationGrid" => new() { InverseRegularizationGrid = [] },
            "CvHoldoutFraction" => new() { CvHoldoutFraction = 1 },
            "ThresholdFolds" => new() { ThresholdFolds = 1 },
            "TunedThresholdWeight" => new() { TunedThresholdWeight = 1.5 },
            _ => new() { MaxDegreeOfParallelism = 0 },
        };
        var train = SyntheticMultiLabel.Separable(20, 4, seed: 11);
        var ex = Assert.Throws<ArgumentException>(() => MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), bad));
        Assert.Contains("MultiLabelOptions." + field, ex.Message);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
