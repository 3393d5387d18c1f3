using LLMEmbed.Core.Evaluation;

namespace LLMEmbed.Core.Tests;

public class MetricsTests
{
    // truth:     a a a b b c
    // predicted: a a b b a b   (class c is never predicted)
    private static readonly string[] Labels = ["a", "b", "c"];
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 0, 1];

    [Fact]
    public void Hand_computed_case()
    {
        var report = ClassificationReport.Compute(Labels, Truth, Predicted);

        Assert.Equal(6, report.Count);
        Assert.Equal(0.5, report.Accuracy, 1e-12);

        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([1, 1, 0], report.ConfusionMatrix[1]);
        Assert.Equal([0, 1, 0], report.ConfusionMatrix[2]);

        var a = report.PerClass[0];
        Assert.Equal(2.0 / 3, a.Precision, 1e-12);
        Assert.Equal(2.0 / 3, a.Recall, 1e-12);
        Assert.Equal(2.0 / 3, a.F1, 1e-12);
        Assert.Equal(3, a.Support);

        var b = report.PerClass[1];
        Assert.Equal(1.0 / 3, b.Precision, 1e-12);
        Assert.Equal(0.5, b.Recall, 1e-12);
        Assert.Equal(0.4, b.F1, 1e-12);
        Assert.Equal(3, b.Predicted);

        var c = report.PerClass[2];
        Assert.Equal(0, c.Precision);
        Assert.Equal(0, c.Recall);
        Assert.Equal(0, c.F1);
        Assert.Equal(1, c.Support);
        Assert.Equal(0, c.Predicted);

        Assert.Equal((2.0 / 3 + 0.4 + 0) / 3, report.MacroF1, 1e-12);
        Assert.Equal((3 * 2.0 / 3 + 2 * 0.4) / 6, report.WeightedF1, 1e-12);
        Assert.False(double.IsNaN(report.MacroPrecision));
    }

    [Fact]
    public void LabelAbsentEverywhere_IsLeftOutOfMacroAverages()
    {
        var report = ClassificationReport.Compute(["x", "y", "unused"], [0, 1, 1], [0, 1, 1]);
        Assert.Equal(1.0, report.MacroF1, 1e-12);
        Assert.Equal(0, report.PerClass[2].F1);
    }

    [Fact]
    public void StringOverload_MatchesIndexOverload()
    {
        var byName = ClassificationReport.Compute(
            Truth.Select(i => Labels[i]).ToArray(), Predicted.Select(i => Labels[i]).ToArray());
        var byIndex = ClassificationReport.Compute(Labels, Truth, Predicted);
        Assert.Equal(byIndex.Labels, byName.Labels);
        Assert.Equal(byIndex.MacroF1, byName.MacroF1);
        Assert.Contains("macro-F1 0.3556", byName.ToString());
    }

    [Fact]
    public void BadInputs_Throw()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Labels, [0, 1], [0]));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Compute(Labels, [0, 3], [0, 0]));
        Assert.Contains("truth[1] = 3", ex.Message);
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Labels, Array.Empty<int>(), Array.Empty<int>()));
    }
}
