using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

public sealed class MultiLabelReportTests
{
    [Fact]
    public void MatchesHandComputedScores()
    {
        string[][] truth = [["a", "b"], ["b"], [], ["c"]];
        string[][] predicted = [["a"], ["b", "c"], [], []];
        var report = MultiLabelReport.Compute(truth, predicted, ["a", "b", "c", "d"]);

        // a: TP 1 of 1 predicted, 1 true -> F1 1. b: TP 1, predicted 1, true 2 -> P 1, R 1/2, F1 2/3. c: TP 0 -> 0. d: absent.
        Assert.Equal(new LabelScore("a", 1, 1, 1, 1, 1), report.PerLabel[0]);
        Assert.Equal(1, report.PerLabel[1].Precision);
        Assert.Equal(0.5, report.PerLabel[1].Recall);
        Assert.Equal(2.0 / 3, report.PerLabel[1].F1, 12);
        Assert.Equal(new LabelScore("c", 0, 0, 0, 1, 1), report.PerLabel[2]);
        Assert.Equal(new LabelScore("d", 0, 0, 0, 0, 0), report.PerLabel[3]);
        // Micro: TP 2, predicted 3, true 4.
        Assert.Equal(2.0 / 3, report.MicroPrecision, 12);
        Assert.Equal(0.5, report.MicroRecall, 12);
        Assert.Equal(4.0 / 7, report.MicroF1, 12);
        // Macro over a, b, c (d occurs nowhere): (1 + 2/3 + 0) / 3.
        Assert.Equal(5.0 / 9, report.MacroF1, 12);
        // Only the empty row matches exactly.
        Assert.Equal(0.25, report.ExactMatch);
        Assert.Equal(4, report.Rows);
    }

    [Fact]
    public void BadInputsThrow()
    {
        Assert.Contains("'z', which is not in labels",
            Assert.Throws<ArgumentException>(() => MultiLabelReport.Compute([["z"]], [[]], ["a"])).Message);
        Assert.Contains("truth has 1 rows but predicted has 2",
            Assert.Throws<ArgumentException>(() => MultiLabelReport.Compute([["a"]], [[], []], ["a"])).Message);
        Assert.Throws<ArgumentException>(() => MultiLabelReport.Compute([], [], ["a"]));
    }
}
