using LLMEmbed.Core.Labelling;

namespace LLMEmbed.Core.Tests;

/// <summary>Density weighting (off by default): equally uncertain rows rank by how crowded their neighbourhood is.</summary>
public class SuggestionDensityTests
{
    [Fact]
    public void An_outlier_ranks_below_an_equally_uncertain_row_in_a_dense_region()
    {
        var rng = new Random(5);
        float[] Near(float[] centre) => centre.Select(v => v + (float)(rng.NextDouble() - 0.5) * 0.05f).ToArray();
        float[] Unit(float[] v) { var n = MathF.Sqrt(v.Sum(x => x * x)); return v.Select(x => x / n).ToArray(); }
        var dense = new float[] { 1, 0, 0, 0 };
        var rows = Enumerable.Range(0, 30).Select(_ => Unit(Near(dense))).Append(Unit([0, 0, 0, 1])).ToArray();
        var scores = Enumerable.Repeat(0.5f, rows.Length).ToArray();

        SuggestionSelector.WeightByDensity(rows, scores, new SuggestionOptions { DensityNeighbours = 5 });

        Assert.True(scores[^1] < 0.1f, $"outlier kept {scores[^1]}");
        Assert.All(scores[..^1], s => Assert.InRange(s, 0.45f, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuggestionOptions { DensityNeighbours = -1 }.Validate());
    }
}
