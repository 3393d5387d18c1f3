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
        // Two classes: this runs the binary objective's search.
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

    [Fact]
    public void Chosen_l2_is_stronger_on_noisy_data_than_on_separable_data_with_three_classes()
    {
        var separable = HeadTrainer.Train(SyntheticBlobs.Set(3, 40, 5, 6, seed: 37), new HeadOptions()).Head;
        var noisy = HeadTrainer.Train(SyntheticBlobs.Set(3, 20, 60, 0.15, seed: 38), new HeadOptions()).Head;

        Assert.True(noisy.Training.L2 > 10 * separable.Training.L2,
            $"noisy l2 {noisy.Training.L2} vs separable l2 {separable.Training.L2}");
    }

    [Fact]
    public void Two_class_head_stores_rows_zero_and_w_and_predicts_sigmoid_of_w_x_plus_b()
    {
        var (rows, labels) = SyntheticBlobs.Generate(2, 50, 6, 1.0, seed: 39);
        var head = HeadTrainer.Train(new TrainingSet(rows, labels), new HeadOptions()).Head;
        DenseLayer layer = head.Layers[0];

        Assert.Equal(2, layer.OutputDim);
        Assert.All(layer.Weights[..6].ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0f, layer.Biases[0]);
        Assert.Contains(layer.Weights[6..].ToArray(), v => v != 0f);
        var standardized = new float[6];
        foreach (float[] row in rows)
        {
            head.Standardizer!.Apply(row, standardized);
            double z = layer.Biases[1];
            for (int i = 0; i < 6; i++) z += layer.Weights[6 + i] * standardized[i];
            double sigmoid = 1 / (1 + Math.Exp(-z));
            float[] p = head.PredictProbabilities(row);
            Assert.Equal(sigmoid, p[1], 1e-5);
            Assert.Equal(1 - sigmoid, p[0], 1e-5);
        }
    }

    [Fact]
    public void Two_class_head_is_the_optimum_of_scikit_learns_binary_objective_at_the_chosen_c()
    {
        var train = SyntheticBlobs.Set(2, 60, 8, 0.8, seed: 40);
        var head = HeadTrainer.Train(train, new HeadOptions()).Head;
        float[] x = Standardized(train, head);
        int[] classes = train.Labels.Select(l => head.IndexOf(l)).ToArray();

        var binary = new BinaryLogisticObjective(x, classes, 8, 1) { L2 = head.Training.L2 };
        var gradient = new double[binary.ParameterCount];
        binary.Evaluate(binary.FromLayer(head.Layers[0]), gradient);
        Assert.True(gradient.Max(Math.Abs) < 1e-4, $"binary gradient {gradient.Max(Math.Abs)}");

        // The same w split symmetrically over two softmax rows is NOT the softmax optimum at this l2: there the
        // penalty on w1 - w0 is half as strong, which is why the two C scales differed.
        var softmax = new SoftmaxObjective(x, classes, 8, 2, 1) { L2 = head.Training.L2 };
        var softmaxGradient = new double[softmax.ParameterCount];
        softmax.Evaluate(Symmetric(head.Layers[0]), softmaxGradient);
        Assert.True(softmaxGradient.Max(Math.Abs) > 100 * gradient.Max(Math.Abs),
            $"softmax gradient {softmaxGradient.Max(Math.Abs)} vs binary {gradient.Max(Math.Abs)}");
    }

    [Fact]
    public void Two_class_warm_start_from_a_symmetric_two_row_head_starts_at_its_optimum()
    {
        var train = SyntheticBlobs.Set(2, 60, 8, 0.8, seed: 41);
        var options = new HeadOptions { L2 = 0.02f };
        var cold = HeadTrainer.Train(train, options).Head;
        double[] split = Symmetric(cold.Layers[0]);
        var symmetric = new Head(HeadKind.LogReg, cold.Labels, cold.Standardizer,
            [new DenseLayer(8, 2, split.AsSpan(0, 16).ToArray().Select(v => (float)v).ToArray(),
                split.AsSpan(16, 2).ToArray().Select(v => (float)v).ToArray())], cold.Training);

        var warm = HeadTrainer.Train(train, options, warmStart: symmetric).Head;

        Assert.True(warm.Training.Epochs < cold.Training.Epochs / 2,
            $"warm start took {warm.Training.Epochs} iterations, cold {cold.Training.Epochs}");
        float[] coldWeights = cold.Layers[0].Weights.ToArray(), warmWeights = warm.Layers[0].Weights.ToArray();
        for (int i = 0; i < coldWeights.Length; i++)
            Assert.Equal(coldWeights[i], warmWeights[i], 1e-3);
    }

    [Fact]
    public void Two_class_lbfgs_head_is_identical_whatever_the_thread_count()
    {
        var train = SyntheticBlobs.Set(2, 400, 120, 0.5, seed: 42);
        var one = HeadTrainer.Train(train, new HeadOptions { MaxDegreeOfParallelism = 1 }).Head;
        var four = HeadTrainer.Train(train, new HeadOptions { MaxDegreeOfParallelism = 4 }).Head;

        Assert.Equal(one.Layers[0].Weights.ToArray(), four.Layers[0].Weights.ToArray());
        Assert.Equal(one.Layers[0].Biases.ToArray(), four.Layers[0].Biases.ToArray());
        Assert.Equal(one.Training.L2, four.Training.L2);
        Assert.Equal(one.Training.CvAccuracy, four.Training.CvAccuracy);
    }

    private static float[] Standardized(TrainingSet data, Head head)
    {
        var x = new float[data.Count * data.Dimension];
        for (int r = 0; r < data.Count; r++)
            head.Standardizer!.Apply(data.Row(r), x.AsSpan(r * data.Dimension, data.Dimension));
        return x;
    }

    /// <summary>Softmax parameters [-w/2, w/2], [-b/2, b/2] of a stored [0, w], [0, b] two-class layer: the same probabilities.</summary>
    private static double[] Symmetric(DenseLayer layer)
    {
        int dim = layer.InputDim;
        var parameters = new double[2 * dim + 2];
        for (int i = 0; i < dim; i++)
        {
            double w = layer.Weights[dim + i] - layer.Weights[i];
            parameters[i] = -w / 2;
            parameters[dim + i] = w / 2;
        }
        double b = layer.Biases[1] - layer.Biases[0];
        parameters[2 * dim] = -b / 2;
        parameters[2 * dim + 1] = b / 2;
        return parameters;
    }
}
