using System.Globalization;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// Softmax regression trained by full-batch L-BFGS to the optimum of its convex objective. Unless
/// <see cref="HeadOptions.L2"/> fixes it, L2 is chosen by stratified k-fold cross-validation (one holdout
/// on large sets) along <see cref="HeadOptions.InverseRegularizationGrid"/>, each fold walking the grid from
/// strong to weak regularisation and starting every fit from the previous optimum; the head is then refitted
/// on all rows. The result depends on the data, the grid and the seed of the folds only. Two classes fit one
/// weight vector (<see cref="BinaryLogisticObjective"/>), so a C means what it means to scikit-learn.
/// </summary>
internal static class SoftmaxRegression
{
    private const ulong FoldStream = 6;

    public static TrainingResult Train(TrainingSet data, int[] classes, string[] labels, Standardizer? standardizer, HeadOptions options,
        Head? warmStart, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        int n = data.Count, dim = data.Dimension, classCount = labels.Length;
        float[] x = Standardized(data, standardizer, options.MaxDegreeOfParallelism);
        var history = new List<TrainingProgress>();

        float l2;
        double cvAccuracy = double.NaN, cvLoss = double.NaN;
        string selection;
        if (options.L2 is { } fixedL2)
        {
            l2 = fixedL2;
            selection = "fixed";
        }
        else
        {
            (double c, cvAccuracy, cvLoss, selection) = Select(x, classes, dim, classCount, options, history, progress, ct);
            l2 = (float)(1.0 / (c * n));
        }

        ILinearObjective objective = LinearObjective.Create(x, classes, dim, classCount, options.MaxDegreeOfParallelism);
        objective.L2 = l2;
        double[] parameters = warmStart is null ? new double[objective.ParameterCount] : objective.FromLayer(warmStart.Layers[0]);
        LbfgsResult fit = Lbfgs.Minimize(objective.Evaluate, parameters,
            new LbfgsOptions(options.LbfgsMaxIterations, GradientTolerance: options.LbfgsGradientTolerance), ct);
        var final = new TrainingProgress(history.Count + 1, fit.Value, cvLoss, cvAccuracy, true);
        history.Add(final);
        progress?.Report(final);

        var info = new HeadTrainingInfo(fit.Iterations, fit.Iterations, double.IsNaN(cvLoss) ? fit.Value : cvLoss, n, options.Summary(),
            l2, 0f, cvAccuracy, selection);
        var head = new Head(HeadKind.LogReg, labels, standardizer, [objective.ToLayer(parameters)], info);
        return new TrainingResult(head, history, StoppedEarly: false);
    }

    /// <summary>The C of the best mean held-out accuracy (ties: lower mean log-loss, then stronger regularisation).</summary>
    private static (double C, double Accuracy, double LogLoss, string Selection) Select(float[] x, int[] classes, int dim, int classCount,
        HeadOptions options, List<TrainingProgress> history, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        int n = classes.Length;
        int smallestClass = classes.GroupBy(c => c).Min(g => g.Count());
        double[] grid = [.. options.InverseRegularizationGrid.Order()];
        int weightRows = classCount == 2 ? 1 : classCount;
        bool large = (long)n * dim * weightRows > options.CvWorkLimit;
        int k = Math.Min(options.CvFolds, smallestClass);
        if (!large && k < 2)
        {
            // Too few rows per class to hold any out: scikit-learn's default C = 1.
            return (1.0, double.NaN, double.NaN, "default C=1 (a class has a single row)");
        }

        var random = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, FoldStream));
        List<(int[] Train, int[] Validation)> folds;
        string selection;
        if (large)
        {
            grid = [.. grid.Where((_, i) => i % 2 == 0)];
            var (train, holdout) = StratifiedFolds.Holdout(classes, options.CvHoldoutFraction, random);
            train.Sort();
            holdout.Sort();
            folds = [([.. train], [.. holdout])];
            selection = string.Create(CultureInfo.InvariantCulture, $"{options.CvHoldoutFraction:P0} holdout over {grid.Length} C values");
        }
        else
        {
            int[] assignment = StratifiedFolds.Assign(classes, k, random);
            folds = [.. Enumerable.Range(0, k).Select(f => StratifiedFolds.Split(assignment, f))];
            selection = string.Create(CultureInfo.InvariantCulture, $"{k}-fold CV over {grid.Length} C values");
        }

        var accuracy = new double[grid.Length];
        var logLoss = new double[grid.Length];
        foreach (var (trainRows, validationRows) in folds)
        {
            var (xTrain, yTrain) = Rows(x, classes, dim, trainRows);
            var (xValidation, yValidation) = Rows(x, classes, dim, validationRows);
            ILinearObjective objective = LinearObjective.Create(xTrain, yTrain, dim, classCount, options.MaxDegreeOfParallelism);
            var parameters = new double[objective.ParameterCount];
            for (int j = 0; j < grid.Length; j++)
            {
                objective.L2 = 1.0 / (grid[j] * trainRows.Length);
                LbfgsResult fit = Lbfgs.Minimize(objective.Evaluate, parameters,
                    new LbfgsOptions(options.CvMaxIterations, GradientTolerance: options.LbfgsGradientTolerance), ct);
                var (acc, loss) = objective.Score(parameters, xValidation, yValidation);
                accuracy[j] += acc / folds.Count;
                logLoss[j] += loss / folds.Count;
                var step = new TrainingProgress(history.Count + 1, fit.Value, loss, acc, false);
                history.Add(step);
                progress?.Report(step);
            }
        }

        int best = 0;
        for (int j = 1; j < grid.Length; j++)
            if (accuracy[j] > accuracy[best] || (accuracy[j] == accuracy[best] && logLoss[j] < logLoss[best]))
                best = j;
        return (grid[best], accuracy[best], logLoss[best], selection);
    }

    private static (float[] X, int[] Classes) Rows(float[] x, int[] classes, int dim, int[] rows)
    {
        var subset = new float[rows.Length * dim];
        var subsetClasses = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            x.AsSpan(rows[i] * dim, dim).CopyTo(subset.AsSpan(i * dim, dim));
            subsetClasses[i] = classes[rows[i]];
        }
        return (subset, subsetClasses);
    }

    private static float[] Standardized(TrainingSet data, Standardizer? standardizer, int dop)
    {
        int dim = data.Dimension;
        var x = new float[(long)data.Count * dim];
        DenseKernels.For(data.Count, (long)data.Count * dim, dop, r =>
        {
            Span<float> destination = x.AsSpan(r * dim, dim);
            if (standardizer is null) data.Row(r).CopyTo(destination);
            else standardizer.Apply(data.Row(r), destination);
        });
        return x;
    }
}
