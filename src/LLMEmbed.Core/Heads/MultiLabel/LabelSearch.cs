namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>What the C search leaves for the final fits and the thresholds.</summary>
/// <param name="Best">Per label, the index into <see cref="MultiLabelCvPlan.Grid"/> chosen.</param>
/// <param name="WarmStart">Per label, the last fold's parameters at the chosen C (the final fit starts there).</param>
/// <param name="OutOfFoldLogits">Per label, every held-out row's logit at the chosen C (NaN for rows never held out).</param>
/// <param name="HeldOut">Rows held out by some fold, ascending (all rows under k folds).</param>
internal sealed record LabelSearchResult(int[] Best, double[][] WarmStart, float[][] OutOfFoldLogits, int[] HeldOut);

/// <summary>
/// Per label, the C path strong to weak on every fold, each fit starting from the previous C's optimum. A fold's
/// training and validation rows are copied once and shared read-only by all labels, which run in parallel
/// (one single-threaded fit each), so the result does not depend on the thread count.
/// </summary>
internal static class LabelSearch
{
    public static LabelSearchResult Run(float[] x, int[][] y, int dim, MultiLabelCvPlan plan, MultiLabelOptions options,
        Action step, CancellationToken ct)
    {
        int labels = y.Length, n = y.Length == 0 ? 0 : y[0].Length, grid = plan.Grid.Length, folds = plan.Folds.Count;
        var loss = new double[labels, grid];
        var accuracy = new double[labels, grid];
        var oof = new float[labels][][];
        var lastFoldParameters = new double[labels][][];
        for (int l = 0; l < labels; l++)
        {
            oof[l] = new float[grid][];
            for (int g = 0; g < grid; g++)
                oof[l][g] = Enumerable.Repeat(float.NaN, n).ToArray();
            lastFoldParameters[l] = new double[grid][];
        }

        for (int f = 0; f < folds; f++)
        {
            ct.ThrowIfCancellationRequested();
            var (train, validation) = plan.Folds[f];
            float[] xTrain = MatrixStandardizer.Gather(x, dim, train);
            float[] xValidation = MatrixStandardizer.Gather(x, dim, validation);
            bool last = f == folds - 1;
            ParallelLabels.For(labels, options.MaxDegreeOfParallelism, ct, l =>
            {
                int[] yTrain = [.. train.Select(r => y[l][r])];
                bool constant = LabelFit.IsConstant(yTrain, out double[]? parameters, dim);
                BinaryLogisticObjective? objective = constant ? null : new BinaryLogisticObjective(xTrain, yTrain, dim, 1);
                parameters ??= new double[dim + 1];
                var logits = new float[validation.Length];
                for (int g = 0; g < grid; g++)
                {
                    if (objective is not null)
                        LabelFit.Fit(objective, plan.Grid[g], train.Length, parameters, options.CvMaxIterations, options.LbfgsGradientTolerance, ct);
                    LabelFit.Logits(parameters, xValidation, dim, validation.Length, logits);
                    double foldLoss = 0;
                    int correct = 0;
                    for (int i = 0; i < validation.Length; i++)
                    {
                        int truth = y[l][validation[i]];
                        foldLoss += LabelFit.LogLoss(logits[i], truth);
                        if ((logits[i] > 0 ? 1 : 0) == truth) correct++;
                        oof[l][g][validation[i]] = logits[i];
                    }
                    loss[l, g] += foldLoss / validation.Length / folds;
                    accuracy[l, g] += (double)correct / validation.Length / folds;
                    if (last) lastFoldParameters[l][g] = (double[])parameters.Clone();
                }
                step();
            });
        }

        var best = new int[labels];
        var warm = new double[labels][];
        var chosenLogits = new float[labels][];
        for (int l = 0; l < labels; l++)
        {
            int b = 0;
            for (int g = 1; g < grid; g++)
            {
                bool better = options.Criterion == MultiLabelCriterion.Accuracy
                    ? accuracy[l, g] > accuracy[l, b] || (accuracy[l, g] == accuracy[l, b] && loss[l, g] < loss[l, b])
                    : loss[l, g] < loss[l, b];
                if (better) b = g; // strict: ties keep the stronger regularisation
            }
            best[l] = b;
            warm[l] = lastFoldParameters[l][b];
            chosenLogits[l] = oof[l][b];
        }
        int[] heldOut = [.. plan.Folds.SelectMany(fold => fold.Validation).Distinct().Order()];
        return new LabelSearchResult(best, warm, chosenLogits, heldOut);
    }
}
