using LLMEmbed.Core.Labelling;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// The knobs measured for IMDB (off by default): density weighting ranks equally uncertain rows by how crowded
/// their neighbourhood is; a random warm-up picks as the random arm does before suggestions take over.
/// </summary>
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

    [Fact]
    public void A_warm_up_as_long_as_the_loop_picks_exactly_what_random_picks()
    {
        var (rows, labels) = SyntheticBlobs.Generate(3, 50, 8, 1.0, seed: 21);
        var (testRows, testLabels) = SyntheticBlobs.Generate(3, 20, 8, 1.0, seed: 22);
        var options = new LabellingSimulationOptions(Start: 6, Batch: 5, Rounds: 3, Seeds: 2) { Head = new(Heads.HeadKind.LogReg) { L2 = 1e-2f } };

        var (warm, random) = LabellingSimulation.Run(rows, labels, testRows, testLabels, options with { WarmupRounds = 3 });

        Assert.Equal(random.AccuracyPerSeed.SelectMany(s => s), warm.AccuracyPerSeed.SelectMany(s => s));
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { WarmupRounds = -1 }).Validate());
    }
}
