using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// One label's binary logistic fit over a shared matrix (never copied here), single-threaded so labels run in
/// parallel. Parameters are [w (dim), b] of <see cref="BinaryLogisticObjective"/>, l2 = 1 / (C n).
/// </summary>
internal static class LabelFit
{
    /// <summary>
    /// A label whose rows are all negative (or all positive) has nothing to separate: its head is constant,
    /// zero weights and the bias of the smoothed base rate (positives + 0.5) / (rows + 1), so it says
    /// "almost never" (or "almost always") instead of driving the bias to infinity.
    /// </summary>
    public static bool IsConstant(ReadOnlySpan<int> y, out double[]? constantParameters, int dim)
    {
        int positives = 0;
        foreach (int v in y) positives += v;
        if (positives != 0 && positives != y.Length)
        {
            constantParameters = null;
            return false;
        }
        constantParameters = new double[dim + 1];
        double rate = (positives + 0.5) / (y.Length + 1);
        constantParameters[dim] = Math.Log(rate / (1 - rate));
        return true;
    }

    /// <summary>Minimises from <paramref name="parameters"/> (warm start), which holds the optimum on return.</summary>
    public static void Fit(BinaryLogisticObjective objective, double c, int rows, double[] parameters, int maxIterations, double tolerance,
        CancellationToken ct)
    {
        objective.L2 = 1.0 / (c * rows);
        Lbfgs.Minimize(objective.Evaluate, parameters, new LbfgsOptions(maxIterations, GradientTolerance: tolerance), ct);
    }

    /// <summary>Logits of the given rows of a row-major matrix.</summary>
    public static void Logits(double[] parameters, float[] x, int dim, int rows, Span<float> logits)
    {
        var w = new float[dim];
        for (int i = 0; i < dim; i++) w[i] = (float)parameters[i];
        float b = (float)parameters[dim];
        for (int r = 0; r < rows; r++)
            logits[r] = b + TensorPrimitives.Dot(x.AsSpan(r * dim, dim), w);
    }

    /// <summary>log(1 + exp(-s z)) for s = +1 (positive) or -1.</summary>
    public static double LogLoss(float z, int y)
    {
        double t = y == 1 ? -z : z;
        return t > 0 ? t + double.LogP1(Math.Exp(-t)) : double.LogP1(Math.Exp(t));
    }

    public static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));
}
