using System.Diagnostics;
using System.Globalization;

namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Trains a <see cref="MultiLabelHead"/>: one binary logistic regression per label (one-vs-rest) over the shared
/// standardised features, as scikit-learn's OneVsRestClassifier(LogisticRegressionCV). Each label's C comes from
/// its own cross-validated path (<see cref="LabelSearch"/>); each label is then refitted on all rows at that C,
/// starting from its last fold's optimum; each label's threshold maximises its F1 over the out-of-fold
/// probabilities at that C (<see cref="ThresholdTuner"/>), falling back to
/// <see cref="MultiLabelOptions.DefaultThreshold"/> below <see cref="MultiLabelOptions.MinPositivesToTune"/>
/// held-out positives. Rows without a label are negatives for every label; a label with no positive (or no
/// negative) row gets a constant head (<see cref="LabelFit.IsConstant"/>).
/// </summary>
public static class MultiLabelTrainer
{
    /// <param name="progress">Share of the fits done, 0 to 1.</param>
    public static MultiLabelHead Train(MultiLabelSet data, MultiLabelOptions options, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ct.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        int n = data.Count, dim = data.Dimension, labelCount = data.Labels.Count;

        Standardizer? standardizer = options.Standardize ? MatrixStandardizer.Fit(data.Features, n, dim, options.MaxDegreeOfParallelism) : null;
        // Read-only from here on: without standardisation the set's own matrix is shared, not copied.
        float[] x = standardizer is null ? data.Features : MatrixStandardizer.Apply(standardizer, data.Features, n, dim);
        int[][] y = Targets(data);
        bool[] constant = [.. y.Select(labels => LabelFit.IsConstant(labels, out _, dim))];

        MultiLabelCvPlan? plan = options.FixedC is null ? MultiLabelCvPlan.Create(data, options) : null;
        var thresholdFolds = plan is { Folds.Count: 1 } && options.ThresholdFolds >= 2 ? MultiLabelCvPlan.ThresholdFolds(data, options) : null;
        var progressCounter = new FitCounter(progress, ((plan?.Folds.Count ?? 0) + (thresholdFolds?.Count ?? 0)) * labelCount + labelCount);

        var c = new double[labelCount];
        var thresholds = new double[labelCount];
        Array.Fill(thresholds, options.DefaultThreshold);
        var warmStart = new double[labelCount][];
        double cvMicroF1 = double.NaN;
        string selection;
        if (options.FixedC is { } fixedC)
        {
            Array.Fill(c, fixedC);
            selection = string.Create(CultureInfo.InvariantCulture, $"fixed C={fixedC}");
        }
        else if (plan is null)
        {
            Array.Fill(c, 1.0);
            selection = "default C=1 (too few rows to hold any out)";
        }
        else
        {
            LabelSearchResult search = LabelSearch.Run(x, y, dim, plan, options, progressCounter.Step, ct);
            for (int l = 0; l < labelCount; l++)
            {
                c[l] = plan.Grid[search.Best[l]];
                warmStart[l] = search.WarmStart[l];
            }
            float[][] logits = search.OutOfFoldLogits;
            int[] heldOut = search.HeldOut;
            selection = plan.Selection;
            if (thresholdFolds is not null)
            {
                logits = ThresholdPass.Run(x, y, dim, c, warmStart, constant, thresholdFolds, options, progressCounter.Step, ct);
                heldOut = [.. Enumerable.Range(0, n)];
                selection += string.Create(CultureInfo.InvariantCulture, $"; thresholds on {thresholdFolds.Count}-fold out-of-fold probabilities at the chosen C");
            }
            for (int l = 0; l < labelCount; l++)
                if (!constant[l])
                    thresholds[l] = TunedThreshold(logits[l], y[l], heldOut, options);
            cvMicroF1 = OutOfFoldMicroF1(logits, heldOut, y, thresholds);
        }

        var weights = new float[(long)labelCount * dim];
        var biases = new float[labelCount];
        ParallelLabels.For(labelCount, options.MaxDegreeOfParallelism, ct, l =>
        {
            double[] parameters;
            if (LabelFit.IsConstant(y[l], out double[]? constantParameters, dim))
                parameters = constantParameters!;
            else
            {
                parameters = warmStart[l] is { } start ? (double[])start.Clone() : new double[dim + 1];
                var objective = new BinaryLogisticObjective(x, y[l], dim, 1);
                LabelFit.Fit(objective, c[l], n, parameters, options.LbfgsMaxIterations, options.LbfgsGradientTolerance, ct);
            }
            for (int i = 0; i < dim; i++) weights[(long)l * dim + i] = (float)parameters[i];
            biases[l] = (float)parameters[dim];
            progressCounter.Step();
        });
        ct.ThrowIfCancellationRequested();

        for (int l = 0; l < labelCount; l++)
            if (constant[l]) c[l] = double.NaN;
        var training = new MultiLabelTraining(c, thresholds, selection, cvMicroF1, n, clock.Elapsed.TotalSeconds);
        return new MultiLabelHead(data.Labels, dim, weights, biases, [.. thresholds.Select(t => (float)t)], standardizer, training);
    }

    /// <summary>y[label][row] = 1 when the row carries the label.</summary>
    private static int[][] Targets(MultiLabelSet data)
    {
        var y = new int[data.Labels.Count][];
        for (int l = 0; l < y.Length; l++) y[l] = new int[data.Count];
        for (int r = 0; r < data.Count; r++)
            foreach (int l in data.LabelsOf(r)) y[l][r] = 1;
        return y;
    }

    private static double TunedThreshold(float[] logits, int[] y, int[] heldOut, MultiLabelOptions options)
    {
        var probabilities = new float[heldOut.Length];
        var positive = new byte[heldOut.Length];
        int positives = 0;
        for (int i = 0; i < heldOut.Length; i++)
        {
            probabilities[i] = LabelFit.Sigmoid(logits[heldOut[i]]);
            positive[i] = (byte)y[heldOut[i]];
            positives += positive[i];
        }
        if (positives < options.MinPositivesToTune) return options.DefaultThreshold;
        double tuned = ThresholdTuner.BestF1Threshold(probabilities, positive) ?? options.DefaultThreshold;
        return options.DefaultThreshold + options.TunedThresholdWeight * (tuned - options.DefaultThreshold);
    }

    private static double OutOfFoldMicroF1(float[][] logits, int[] heldOut, int[][] y, double[] thresholds)
    {
        long truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (int l = 0; l < y.Length; l++)
            foreach (int r in heldOut)
            {
                bool predicted = LabelFit.Sigmoid(logits[l][r]) >= (float)thresholds[l];
                bool truth = y[l][r] == 1;
                if (predicted && truth) truePositives++;
                else if (predicted) falsePositives++;
                else if (truth) falseNegatives++;
            }
        long denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 0 : 2.0 * truePositives / denominator;
    }

    /// <summary>Reports fits done / fits planned; the lock keeps reports in order across label threads.</summary>
    private sealed class FitCounter(IProgress<double>? progress, int total)
    {
        private readonly Lock _gate = new();
        private int _done;

        public void Step()
        {
            if (progress is null) return;
            lock (_gate)
            {
                _done++;
                progress.Report(Math.Min(1.0, (double)_done / Math.Max(1, total)));
            }
        }
    }
}
