namespace LLMEmbed.Core.Heads;

/// <summary>
/// Full-batch multinomial logistic regression on a standardised row-major matrix: mean softmax cross-entropy
/// plus (l2/2) * sum of squared weights (biases not penalised), the objective of <see cref="HeadTrainer"/>'s
/// softmax regression. Parameters are laid out as W [classes, dim] row-major, then b [classes]. The dense
/// products run through <see cref="DenseKernels"/>, so values do not depend on the thread count.
/// </summary>
internal sealed class SoftmaxObjective : ILinearObjective
{
    private readonly float[] _x;
    private readonly int[] _classes;
    private readonly int _rows, _dim, _classCount, _dop;
    private readonly float[] _weights, _biases, _logits, _delta, _weightGradient, _biasGradient;

    public SoftmaxObjective(float[] x, int[] classes, int dim, int classCount, int maxDegreeOfParallelism)
    {
        _x = x;
        _classes = classes;
        _rows = classes.Length;
        _dim = dim;
        _classCount = classCount;
        _dop = maxDegreeOfParallelism;
        if (x.Length != (long)_rows * dim)
            throw new ArgumentException($"The matrix has {x.Length} values, not {_rows} x {dim}.", nameof(x));
        _weights = new float[classCount * dim];
        _biases = new float[classCount];
        _logits = new float[_rows * classCount];
        _delta = new float[_rows * classCount];
        _weightGradient = new float[classCount * dim];
        _biasGradient = new float[classCount];
    }

    public int ParameterCount => _classCount * (_dim + 1);

    /// <summary>L2 coefficient on the weights.</summary>
    public double L2 { get; set; }

    /// <summary>Objective at <paramref name="parameters"/>; its gradient goes to <paramref name="gradient"/>.</summary>
    public double Evaluate(double[] parameters, double[] gradient)
    {
        Load(parameters);
        DenseKernels.Affine(_x, _rows, _dim, _weights, _biases, _classCount, _logits, _dop);
        double loss = 0;
        double inverseRows = 1.0 / _rows;
        for (int r = 0; r < _rows; r++)
        {
            ReadOnlySpan<float> row = _logits.AsSpan(r * _classCount, _classCount);
            double logZ = LogSumExp(row);
            loss += logZ - row[_classes[r]];
            for (int c = 0; c < _classCount; c++)
            {
                double p = Math.Exp(row[c] - logZ);
                _delta[r * _classCount + c] = (float)(((c == _classes[r]) ? p - 1 : p) * inverseRows);
            }
        }
        DenseKernels.WeightGradient(_delta, _x, _rows, _dim, _classCount, _weightGradient, _dop);
        DenseKernels.BiasGradient(_delta, _rows, _classCount, _biasGradient);

        double penalty = 0;
        int weightCount = _classCount * _dim;
        for (int i = 0; i < weightCount; i++)
        {
            penalty += parameters[i] * parameters[i];
            gradient[i] = _weightGradient[i] + L2 * parameters[i];
        }
        for (int c = 0; c < _classCount; c++)
            gradient[weightCount + c] = _biasGradient[c];
        return loss * inverseRows + 0.5 * L2 * penalty;
    }

    /// <summary>Accuracy and mean cross-entropy of <paramref name="parameters"/> on other rows of the same width.</summary>
    public (double Accuracy, double LogLoss) Score(double[] parameters, float[] x, int[] classes)
    {
        Load(parameters);
        var logits = new float[classes.Length * _classCount];
        DenseKernels.Affine(x, classes.Length, _dim, _weights, _biases, _classCount, logits, _dop);
        int correct = 0;
        double loss = 0;
        for (int r = 0; r < classes.Length; r++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(r * _classCount, _classCount);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == classes[r]) correct++;
            loss += LogSumExp(row) - row[classes[r]];
        }
        return ((double)correct / classes.Length, loss / classes.Length);
    }

    /// <summary>The parameters as one dense layer.</summary>
    public DenseLayer ToLayer(double[] parameters)
    {
        Load(parameters);
        return new DenseLayer(_dim, _classCount, (float[])_weights.Clone(), (float[])_biases.Clone());
    }

    /// <summary>Warm start: the layer's rows, zero rows for the classes it lacks.</summary>
    public double[] FromLayer(DenseLayer layer)
    {
        if (layer.InputDim != _dim)
            throw new ArgumentException($"The head reads {layer.InputDim} features, not {_dim}.", nameof(layer));
        var parameters = new double[ParameterCount];
        ReadOnlySpan<float> weights = layer.Weights, biases = layer.Biases;
        for (int i = 0; i < weights.Length; i++) parameters[i] = weights[i];
        for (int c = 0; c < biases.Length; c++) parameters[_classCount * _dim + c] = biases[c];
        return parameters;
    }

    private void Load(double[] parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        int weightCount = _classCount * _dim;
        for (int i = 0; i < weightCount; i++) _weights[i] = (float)parameters[i];
        for (int c = 0; c < _classCount; c++) _biases[c] = (float)parameters[weightCount + c];
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(row);
        double sum = 0;
        foreach (float v in row) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
