namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Out-of-fold logits of every row at each label's chosen C, for thresholds when the C search only scored one
/// holdout: a single holdout leaves a rare label a handful of positives to tune on, k folds give it all of them.
/// Each fold fit starts from the search's parameters at that C (the objective is strictly convex, so a converged
/// fit does not depend on its start; the start only saves iterations).
/// </summary>
internal static class ThresholdPass
{
    public static float[][] Run(float[] x, int[][] y, int dim, double[] c, double[][] warmStart, bool[] constant,
        IReadOnlyList<(int[] Train, int[] Validation)> folds, MultiLabelOptions options, Action step, CancellationToken ct)
    {
        int labels = y.Length, n = labels == 0 ? 0 : y[0].Length;
        var oof = new float[labels][];
        for (int l = 0; l < labels; l++) oof[l] = Enumerable.Repeat(float.NaN, n).ToArray();
        foreach (var (train, validation) in folds)
        {
            ct.ThrowIfCancellationRequested();
            float[] xTrain = MatrixStandardizer.Gather(x, dim, train);
            float[] xValidation = MatrixStandardizer.Gather(x, dim, validation);
            ParallelLabels.For(labels, options.MaxDegreeOfParallelism, ct, l =>
            {
                if (constant[l]) { step(); return; }
                int[] yTrain = [.. train.Select(r => y[l][r])];
                // A fold may hold none of a rare label's positives: its logits then come from a constant head.
                if (!LabelFit.IsConstant(yTrain, out double[]? parameters, dim))
                {
                    parameters = warmStart[l] is { } start ? (double[])start.Clone() : new double[dim + 1];
                    LabelFit.Fit(new BinaryLogisticObjective(xTrain, yTrain, dim, 1), c[l], train.Length, parameters,
                        options.CvMaxIterations, options.LbfgsGradientTolerance, ct);
                }
                var logits = new float[validation.Length];
                LabelFit.Logits(parameters!, xValidation, dim, validation.Length, logits);
                for (int i = 0; i < validation.Length; i++) oof[l][validation[i]] = logits[i];
                step();
            });
        }
        return oof;
    }
}
