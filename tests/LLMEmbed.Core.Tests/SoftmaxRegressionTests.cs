using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

public class SoftmaxRegressionTests
{
    [Fact]
    public void Lbfgs_ReachesTheOptimum_GradientNearZero()
    {
        var data = SyntheticBlobs.Set(3, 40, 10, 1.0, seed: 31);
        float[] x = Enumerable.Range(0, data.Count).SelectMany(i => data.Row(i).ToArray()).ToArray();
        int[] classes = data.Labels.Select(l => int.Parse(l["class".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var objective = new SoftmaxObjective(x, classes, 10, 3, maxDegreeOfParallelism: 1) { L2 = 0.05 };
        var parameters = new double[objective.ParameterCount];
        var gradient = new double[parameters.Length];
        double start = objective.Evaluate(parameters, gradient);

        LbfgsResult result = Lbfgs.Minimize(objective.Evaluate, parameters, new LbfgsOptions(MaxIterations: 500, GradientTolerance: 1e-6));

        Assert.True(result.Converged);
        double end = objective.Evaluate(parameters, gradient);
        Assert.True(end < start - 0.1, $"objective went {start} -> {end}");
        Assert.True(gradient.Max(Math.Abs) < 1e-4, $"largest gradient component {gradient.Max(Math.Abs)}");
        // A strictly convex objective: any nudge from the optimum raises it.
        var nudged = parameters.Select((p, i) => p + (i % 2 == 0 ? 1e-2 : -1e-2)).ToArray();
        Assert.True(objective.Evaluate(nudged, new double[nudged.Length]) > end);
    }

    [Fact]
    public void LogRegDefault_IsLbfgsWithCrossValidatedL2_Recorded()
    {
        var train = SyntheticBlobs.Set(2, 60, 8, 2, seed: 32);
        var head = HeadTrainer.Train(train, new HeadOptions()).Head;

        Assert.Contains("5-fold CV over 10 C values", head.Training.Selection);
        Assert.InRange(head.Training.CvAccuracy, 0.9, 1.0);
        // The chosen L2 is a grid point mapped to the refit's 120 rows: l2 = 1 / (C * n).
        var grid = new HeadOptions().InverseRegularizationGrid;
        Assert.Contains(grid, c => Math.Abs(1 / (c * 120) - head.Training.L2) <= 1e-6 * head.Training.L2);
    }

    [Fact]
    public void ChosenL2_IsStrongerOnNoisyDataThanOnSeparableData()
    {
        // Separable: far-apart centres in few dimensions. Noisy: nearly coincident centres in many dimensions, few rows.
        var separable = HeadTrainer.Train(SyntheticBlobs.Set(2, 60, 5, 6, seed: 33), new HeadOptions()).Head;
        var noisy = HeadTrainer.Train(SyntheticBlobs.Set(2, 30, 60, 0.15, seed: 34), new HeadOptions()).Head;

        Assert.True(noisy.Training.L2 > 10 * separable.Training.L2,
            $"noisy l2 {noisy.Training.L2} vs separable l2 {separable.Training.L2}");
    }

    [Fact]
    public void FixedL2_SkipsTheSearch_AndTheResultIgnoresEpochSettings()
    {
        var train = SyntheticBlobs.Set(3, 30, 6, 2, seed: 35);
        var a = HeadTrainer.Train(train, new HeadOptions { L2 = 0.01f, MaxEpochs = 5, Patience = 1 }).Head;
        var b = HeadTrainer.Train(train, new HeadOptions { L2 = 0.01f, MaxEpochs = 300, Patience = 50 }).Head;

        Assert.Equal("fixed", a.Training.Selection);
        Assert.Equal(0.01f, a.Training.L2);
        Assert.Equal(a.Layers[0].Weights.ToArray(), b.Layers[0].Weights.ToArray());
    }

    [Fact]
    public void LbfgsLogReg_IsIdentical_WhateverTheThreadCount()
    {
        var train = SyntheticBlobs.Set(3, 200, 40, 1.5, seed: 36);
        var one = HeadTrainer.Train(train, new HeadOptions { MaxDegreeOfParallelism = 1 }).Head;
        var four = HeadTrainer.Train(train, new HeadOptions { MaxDegreeOfParallelism = 4 }).Head;

        Assert.Equal(one.Layers[0].Weights.ToArray(), four.Layers[0].Weights.ToArray());
        Assert.Equal(one.Training.L2, four.Training.L2);
        Assert.Equal(one.Training.CvAccuracy, four.Training.CvAccuracy);
    }
}
