using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

public sealed class MultiLabelSetTests
{
    private static readonly float[][] Rows = [[1, 2], [3, 4], [5, 6]];

    [Fact]
    public void LabelsDefaultToOrdinalOrderAndRowsMayCarryNone()
    {
        var set = new MultiLabelSet(Rows, [["b", "a", "b"], [], ["B"]]);
        Assert.Equal(["B", "a", "b"], set.Labels);
        Assert.Equal([1, 2], set.LabelsOf(0));
        Assert.Empty(set.LabelsOf(1));
        Assert.Equal([0], set.LabelsOf(2));
        Assert.Equal(new float[] { 3, 4 }, set.Row(1).ToArray());
        Assert.Equal((3, 2), (set.Count, set.Dimension));
    }

    [Fact]
    public void BadInputsThrowNamingTheProblem()
    {
        Assert.Contains("'z', which is not in labels",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet(Rows, [["a"], ["z"], []], ["a"])).Message);
        Assert.Contains("rows has 3 entries but rowLabels has 2",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet(Rows, [["a"], []])).Message);
        Assert.Contains("rows[1] has 1 features",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet([[1, 2], [1]], [["a"], []])).Message);
        Assert.Contains("at least one label",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet(Rows, [[], [], []])).Message);
        Assert.Contains("must be finite",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet([[1, float.NaN]], [["a"]])).Message);
        Assert.Contains("more than once",
            Assert.Throws<ArgumentException>(() => new MultiLabelSet(Rows, [["a"], [], []], ["a", "a"])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiLabelSet(Rows, [["a"], [], []]).Row(3));
    }
}
