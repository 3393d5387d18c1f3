using System.Numerics.Tensors;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Labelling;

namespace LLMEmbed.Core.Tests;

public class SuggestionSelectorTests
{

    /// <summary>Tight clusters around random centres: rows of one cluster are near-duplicates (cosine ~1).</summary>
    private static (float[][] Rows, int[] Cluster) Clusters(int clusters, int perCluster, int dim, double spread, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var rows = new List<float[]>();
        var cluster = new List<int>();
        for (int c = 0; c < clusters; c++)
            for (int i = 0; i < perCluster; i++)
            {
                rows.Add(centres[c].Select(v => v + (float)((rng.NextDouble() * 2 - 1) * spread)).ToArray());
                cluster.Add(c);
            }
        return ([.. rows], [.. cluster]);
    }

    [Fact]
    public void WithoutAHead_KMeansPlusPlusPicksOneRowPerCluster()
    {
        var (rows, cluster) = Clusters(clusters: 8, perCluster: 40, dim: 16, spread: 0.02, seed: 3);
        var picks = SuggestionSelector.Select(rows, head: null, count: 8, new SuggestionOptions());

        Assert.Equal(8, picks.Count);
        Assert.Equal(8, picks.Select(p => cluster[p.Index]).Distinct().Count());
    }

    [Fact]
    public void NoTwoPicksAboveTheDiversityBound_WithAndWithoutAHead()
    {
        var (rows, _) = Clusters(clusters: 5, perCluster: 50, dim: 12, spread: 0.3, seed: 4);
        var train = SyntheticBlobs.Set(3, 60, 12, 2.5, seed: 5);
        var head = HeadTrainer.Train(train, new HeadOptions(HeadKind.LogReg) { L2 = 1e-2f }).Head;
        var options = new SuggestionOptions { MaxCosine = 0.8f };
        var unit = SuggestionSelector.CentredUnit(rows); // the bound holds in the pool's centred space
        foreach (var h in new[] { head, null })
        {
            var picks = SuggestionSelector.Select(rows, h, 20, options);
            Assert.NotEmpty(picks);
            for (int a = 0; a < picks.Count; a++)
                for (int b = a + 1; b < picks.Count; b++)
                    Assert.True(TensorPrimitives.Dot(unit[picks[a].Index], unit[picks[b].Index]) <= 0.8f + 1e-5f);
        }
    }

    [Fact]
    public void NearDuplicatesOfAnUncertainRowDoNotFillTheList()
    {
        // Ten copies of one row the head is unsure about, plus distinct rows: only one copy may be suggested.
        var train = SyntheticBlobs.Set(2, 80, 6, 3.0, seed: 6);
        var head = HeadTrainer.Train(train, new HeadOptions(HeadKind.LogReg) { L2 = 1e-2f }).Head;
        var (others, _) = SyntheticBlobs.Generate(2, 30, 6, 3.0, seed: 7);
        var uncertain = Enumerable.Range(0, 10).Select(_ => Midpoint(train)).ToArray();
        float[][] rows = [.. uncertain, .. others];
        var picks = SuggestionSelector.Select(rows, head, 10, new SuggestionOptions());

        Assert.Equal(1, picks.Count(p => p.Index < 10));
        Assert.True(picks[0].Index < 10, "the most uncertain row comes first");
        Assert.Equal(10, picks.Count);
    }

    [Fact]
    public void ExcludedIndicesAreNeverReturned()
    {
        var (rows, _) = Clusters(clusters: 4, perCluster: 10, dim: 8, spread: 0.5, seed: 8);
        var exclude = new HashSet<int>(Enumerable.Range(0, 40).Where(i => i % 3 != 0));
        var train = SyntheticBlobs.Set(2, 40, 8, 2.0, seed: 9);
        var head = HeadTrainer.Train(train, new HeadOptions(HeadKind.LogReg) { L2 = 1e-2f }).Head;
        foreach (var h in new[] { head, null })
        {
            var picks = SuggestionSelector.Select(rows, h, 40 / 3, new SuggestionOptions { MaxCosine = 1f }, exclude);
            Assert.NotEmpty(picks);
            Assert.DoesNotContain(picks, p => exclude.Contains(p.Index));
            Assert.Equal(picks.Count, picks.Select(p => p.Index).Distinct().Count());
        }
    }

    [Fact]
    public void SameSeedSameSuggestions_AndTheCandidateCapHolds()
    {
        var (rows, _) = Clusters(clusters: 6, perCluster: 100, dim: 10, spread: 0.4, seed: 10);
        var options = new SuggestionOptions { MaxCandidates = 50, Seed = 7 };
        var first = SuggestionSelector.Select(rows, null, 10, options);
        var second = SuggestionSelector.Select(rows, null, 10, options);
        var other = SuggestionSelector.Select(rows, null, 10, options with { Seed = 8 });

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(p => p.Index), other.Select(p => p.Index));
        Assert.All(first, p => Assert.InRange(p.Index, 0, rows.Length - 1));
    }

    [Fact]
    public void MarginAndEntropyRankTheEvenSplitMostUncertain()
    {
        float[] even = [0.5f, 0.5f], sure = [0.99f, 0.01f];
        foreach (var m in new[] { UncertaintyMeasure.Margin, UncertaintyMeasure.Entropy })
            Assert.True(SuggestionSelector.Uncertainty(even, m) > SuggestionSelector.Uncertainty(sure, m));
    }

    [Fact]
    public void TooManyOrNoSuggestionsAreRefused()
    {
        float[][] rows = [[1f, 0f], [0f, 1f]];
        Assert.Throws<ArgumentOutOfRangeException>(() => SuggestionSelector.Select(rows, null, 0, new SuggestionOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => SuggestionSelector.Select(rows, null, SuggestionOptions.MaxCount + 1, new SuggestionOptions()));
    }

    [Fact]
    public void SimulationStartIsStratified_AndTheLoopRuns()
    {
        var (rows, labels) = SyntheticBlobs.Generate(4, 60, 8, 2.0, seed: 11);
        var (testRows, testLabels) = SyntheticBlobs.Generate(4, 30, 8, 2.0, seed: 12);
        int[] start = LabellingSimulation.StratifiedStart(labels, 8, seed: 1);
        Assert.Equal(4, start.Select(i => labels[i]).Distinct().Count());
        Assert.Equal(8, start.Distinct().Count());

        var (suggested, random) = LabellingSimulation.Run(rows, labels, testRows, testLabels,
            new LabellingSimulationOptions(Start: 8, Batch: 5, Rounds: 3, Seeds: 2) { Head = new HeadOptions(HeadKind.LogReg) { L2 = 1e-2f } });
        Assert.Equal(4, suggested.Points);
        Assert.Equal(2, random.AccuracyPerSeed.Length);
        Assert.InRange(suggested.FinalAccuracy, 0.5, 1.0);
    }

    private static float[] Midpoint(TrainingSet set)
    {
        var a = Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == "class0").Select(i => set.Row(i).ToArray()).ToArray();
        var b = Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == "class1").Select(i => set.Row(i).ToArray()).ToArray();
        return Enumerable.Range(0, set.Dimension).Select(d => (a.Average(r => r[d]) + b.Average(r => r[d])) / 2).ToArray();
    }
}
