namespace LLMEmbed.Core.Heads;

/// <summary>
/// A convex linear-head objective minimised by <see cref="Lbfgs"/>: mean log-loss plus (l2/2) * sum of squared
/// weights, biases not penalised. Two implementations: <see cref="SoftmaxObjective"/> (one weight row per class)
/// and <see cref="BinaryLogisticObjective"/> (one weight vector for two classes, as scikit-learn fits them).
/// </summary>
internal interface ILinearObjective
{
    int ParameterCount { get; }

    /// <summary>L2 coefficient on the weights.</summary>
    double L2 { get; set; }

    /// <summary>Objective at <paramref name="parameters"/>; its gradient goes to <paramref name="gradient"/>.</summary>
    double Evaluate(double[] parameters, double[] gradient);

    /// <summary>Accuracy and mean log-loss of <paramref name="parameters"/> on other rows of the same width.</summary>
    (double Accuracy, double LogLoss) Score(double[] parameters, float[] x, int[] classes);

    /// <summary>The parameters as one dense layer with a row per class, read by softmax.</summary>
    DenseLayer ToLayer(double[] parameters);

    /// <summary>Parameters that start from <paramref name="layer"/>'s weights; classes it lacks start at zero.</summary>
    double[] FromLayer(DenseLayer layer);
}

internal static class LinearObjective
{
    /// <summary>The binary objective for two classes, softmax otherwise.</summary>
    public static ILinearObjective Create(float[] x, int[] classes, int dim, int classCount, int maxDegreeOfParallelism) =>
        classCount == 2
            ? new BinaryLogisticObjective(x, classes, dim, maxDegreeOfParallelism)
            : new SoftmaxObjective(x, classes, dim, classCount, maxDegreeOfParallelism);
}
