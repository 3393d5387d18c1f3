using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

public sealed class MultiLabelHeadTests
{
    private static MultiLabelHead Handmade(float[] thresholds) =>
        new(["x", "y"], 2, [1, 0, 0, -1], [0, 0.5f], thresholds, standardizer: null,
            new MultiLabelTraining([1, 1], [0.5, 0.5], "handmade", double.NaN, 0, 0));

    [Fact]
    public void ProbabilitiesAreSigmoidsAndDecisionsUsePerLabelThresholds()
    {
        MultiLabelHead head = Handmade([0.5f, 0.9f]);
        float[] p = head.PredictProbabilities([2f, 1f]);
        Assert.Equal(1 / (1 + Math.Exp(-2)), p[0], 5);
        Assert.Equal(1 / (1 + Math.Exp(0.5)), p[1], 5);
        Assert.Equal([true, false], head.Decide(p));
        Assert.Equal([false, false], head.WithThresholds([0.95f, 0.9f]).Decide(p));
        Assert.Equal([true, true], head.WithThresholds([0.1f, 0.1f]).Decide(p));
        Assert.Equal(0.5f, head.Thresholds[0]); // WithThresholds leaves the original alone

        float[] batch = head.PredictProbabilities([2f, 1f, -1f, -3f], 2);
        Assert.Equal(p, batch[..2]);
        Assert.Equal(1 / (1 + Math.Exp(1)), batch[2], 5);
    }

    [Fact]
    public void WrongShapesThrow()
    {
        MultiLabelHead head = Handmade([0.5f, 0.5f]);
        Assert.Contains("Expected 2 probabilities", Assert.Throws<ArgumentException>(() => head.Decide([0.1f])).Message);
        Assert.Contains("Expected 1 rows x 2 features", Assert.Throws<ArgumentException>(() => head.PredictProbabilities([1f, 2f, 3f])).Message);
        Assert.Contains("thresholds must be in [0, 1]", Assert.Throws<ArgumentException>(() => head.WithThresholds([0.5f, 1.5f])).Message);
        Assert.Contains("Expected 2 thresholds", Assert.Throws<ArgumentException>(() => head.WithThresholds([0.5f])).Message);
    }
}
