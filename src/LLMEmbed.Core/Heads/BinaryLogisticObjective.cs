namespace LLMEmbed.Core.Heads;

/// <summary>
/// Two-class logistic regression with ONE weight vector: mean log(1 + exp(-s z)) over rows (s = +1 for class 1,
/// -1 for class 0, z = w x + b) plus (l2/2) ||w||^2, bias not penalised. This is scikit-learn's binary objective
/// C * sum(loss) + ||w||^2 / 2 divided by C n, so l2 = 1 / (C n) is the same C on both sides. (Softmax over two
/// rows is over-parameterised: its optimum has w1 = -w0, so the same l2 penalises w1 - w0 half as much.)
/// Parameters: w [dim], then b. The head is stored as the softmax rows [0, w] with biases [0, b]:
/// softmax(0, z) = (1 - sigmoid(z), sigmoid(z)).
/// </summary>
internal sealed class BinaryLogisticObjective : ILinearObjective
{
    private readonly float[] _x;
    private readonly int[] _classes;
    private readonly int _rows, _dim, _dop;
    private readonly float[] _weights, _logits, _delta, _weightGradient;
    private float _bias;

    public BinaryLogisticObjective(float[] x, int[] classes, int dim, int maxDegreeOfParallelism)
    {
        _x = x;
        _classes = classes;
        _rows = classes.Length;
        _dim = dim;
        _dop = maxDegreeOfParallelism;
        if (x.Length != (long)_rows * dim)
            throw new ArgumentException($"The matrix has {x.Length} values, not {_rows} x {dim}.", nameof(x));
        if (classes.Any(c => c is not (0 or 1)))
            throw new ArgumentException("Binary logistic regression takes classes 0 and 1 only.", nameof(classes));
        _weights = new float[dim];
        _logits = new float[_rows];
        _delta = new float[_rows];
        _weightGradient = new float[dim];
    }

    public int ParameterCount => _dim + 1;

    public double L2 { get; set; }

    public double Evaluate(double[] parameters, double[] gradient)
    {
        Load(parameters);
        DenseKernels.MatrixVector(_x, _rows, _dim, _weights, _bias, _logits, _dop);
        double loss = 0, biasGradient = 0;
        double inverseRows = 1.0 / _rows;
        for (int r = 0; r < _rows; r++)
        {
            double z = _logits[r];
            int y = _classes[r];
            loss += Softplus(y == 1 ? -z : z);
            double residual = (Sigmoid(z) - y) * inverseRows;
            _delta[r] = (float)residual;
            biasGradient += residual;
        }
        DenseKernels.WeightedRowSum(_delta, _x, _rows, _dim, _weightGradient, _dop);

        double penalty = 0;
        for (int i = 0; i < _dim; i++)
        {
            penalty += parameters[i] * parameters[i];
            gradient[i] = _weightGradient[i] + L2 * parameters[i];
        }
        gradient[_dim] = biasGradient;
        return loss * inverseRows + 0.5 * L2 * penalty;
    }

    public (double Accuracy, double LogLoss) Score(double[] parameters, float[] x, int[] classes)
    {
        Load(parameters);
        var logits = new float[classes.Length];
        DenseKernels.MatrixVector(x, classes.Length, _dim, _weights, _bias, logits, _dop);
        int correct = 0;
        double loss = 0;
        for (int r = 0; r < classes.Length; r++)
        {
            double z = logits[r];
            // Softmax over (0, z) picks class 0 on a tie, so class 1 needs z > 0.
            if ((z > 0 ? 1 : 0) == classes[r]) correct++;
            loss += Softplus(classes[r] == 1 ? -z : z);
        }
        return ((double)correct / classes.Length, loss / classes.Length);
    }

    public DenseLayer ToLayer(double[] parameters)
    {
        Load(parameters);
        var weights = new float[2 * _dim];
        _weights.CopyTo(weights, _dim);
        return new DenseLayer(_dim, 2, weights, new[] { 0f, _bias });
    }

    /// <summary>w = row 1 - row 0 and b = b1 - b0: the same sigmoid as the two-row softmax.</summary>
    public double[] FromLayer(DenseLayer layer)
    {
        if (layer.InputDim != _dim)
            throw new ArgumentException($"The head reads {layer.InputDim} features, not {_dim}.", nameof(layer));
        var parameters = new double[ParameterCount];
        ReadOnlySpan<float> weights = layer.Weights, biases = layer.Biases;
        for (int i = 0; i < _dim; i++)
            parameters[i] = Row(weights, 1, i) - Row(weights, 0, i);
        parameters[_dim] = (biases.Length > 1 ? biases[1] : 0) - biases[0];
        return parameters;

        double Row(ReadOnlySpan<float> w, int row, int i) => row < layer.OutputDim ? w[row * _dim + i] : 0;
    }

    private void Load(double[] parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        for (int i = 0; i < _dim; i++) _weights[i] = (float)parameters[i];
        _bias = (float)parameters[_dim];
    }

    /// <summary>log(1 + exp(t)) without overflow.</summary>
    private static double Softplus(double t) => t > 0 ? t + double.LogP1(Math.Exp(-t)) : double.LogP1(Math.Exp(t));

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
