namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// One-vs-rest logistic heads over shared (optionally standardised) features: label l's probability is
/// sigmoid(w_l x + b_l), and the label is on when that probability reaches its own threshold, so a row may carry
/// any number of labels, none included. Immutable and thread-safe.
/// </summary>
public sealed class MultiLabelHead
{
    private readonly string[] _labels;
    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly float[] _thresholds;

    /// <param name="weights">Row-major [labelCount, inputDim] weights over standardised features.</param>
    public MultiLabelHead(IReadOnlyList<string> labels, int inputDim, float[] weights, float[] biases, IReadOnlyList<float> thresholds,
        Standardizer? standardizer, MultiLabelTraining training)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(training);
        if (labels.Count == 0)
            throw new ArgumentException("A multi-label head needs at least one label.", nameof(labels));
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count || labels.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Labels must be distinct and non-empty.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        if (weights.Length != (long)labels.Count * inputDim)
            throw new ArgumentException($"weights has {weights.Length} values, not {labels.Count} labels x {inputDim}.", nameof(weights));
        if (biases.Length != labels.Count)
            throw new ArgumentException($"biases has {biases.Length} values, not one per label ({labels.Count}).", nameof(biases));
        if (weights.Any(w => !float.IsFinite(w)) || biases.Any(b => !float.IsFinite(b)))
            throw new ArgumentException("Weights and biases must be finite.", nameof(weights));
        if (standardizer is not null && standardizer.Dimension != inputDim)
            throw new ArgumentException($"The standardizer reads {standardizer.Dimension} features, not {inputDim}.", nameof(standardizer));
        _labels = [.. labels];
        InputDim = inputDim;
        _weights = [.. weights];
        _biases = [.. biases];
        _thresholds = CheckThresholds(thresholds, labels.Count);
        Standardizer = standardizer;
        Training = training;
    }

    public IReadOnlyList<string> Labels => _labels;
    public int InputDim { get; }
    public int LabelCount => _labels.Length;
    public IReadOnlyList<float> Thresholds => _thresholds;
    public MultiLabelTraining Training { get; }
    public Standardizer? Standardizer { get; }

    /// <summary>Weights of label <paramref name="label"/> over standardised features.</summary>
    public ReadOnlySpan<float> WeightsOf(int label) => _weights.AsSpan(label * InputDim, InputDim);

    public ReadOnlySpan<float> Biases => _biases;

    /// <summary>Row-major rows x <see cref="LabelCount"/> sigmoid probabilities of row-major rows x <see cref="InputDim"/> features.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> rowMajorFeatures, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rowMajorFeatures.Length != (long)rows * InputDim)
            throw new ArgumentException($"Expected {rows} rows x {InputDim} features = {(long)rows * InputDim} values, got {rowMajorFeatures.Length}.", nameof(rowMajorFeatures));
        for (int i = 0; i < rowMajorFeatures.Length; i++)
            if (!float.IsFinite(rowMajorFeatures[i]))
                throw new ArgumentException($"Feature {i % InputDim} of row {i / InputDim} is {rowMajorFeatures[i]}; features must be finite.", nameof(rowMajorFeatures));
        var output = new float[rows * LabelCount];
        if (rows == 0) return output;
        var x = new float[rowMajorFeatures.Length];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = rowMajorFeatures.Slice(r * InputDim, InputDim);
            if (Standardizer is null) row.CopyTo(x.AsSpan(r * InputDim, InputDim));
            else Standardizer.Apply(row, x.AsSpan(r * InputDim, InputDim));
        }
        DenseKernels.Affine(x, rows, InputDim, _weights, _biases, LabelCount, output, Environment.ProcessorCount);
        for (int i = 0; i < output.Length; i++)
            output[i] = Sigmoid(output[i]);
        return output;
    }

    /// <summary>Per-label probabilities of one row.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> features) => PredictProbabilities(features, 1);

    /// <summary>Per label: probability &gt;= its threshold. All false is a valid answer ("none of these").</summary>
    public bool[] Decide(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.Length != LabelCount)
            throw new ArgumentException($"Expected {LabelCount} probabilities (one per label), got {probabilities.Length}.", nameof(probabilities));
        var on = new bool[LabelCount];
        for (int l = 0; l < on.Length; l++)
            on[l] = probabilities[l] >= _thresholds[l];
        return on;
    }

    /// <summary>The labels of one row's decision, in label order.</summary>
    public IReadOnlyList<string> LabelsOver(ReadOnlySpan<float> probabilities)
    {
        bool[] on = Decide(probabilities);
        return [.. _labels.Where((_, l) => on[l])];
    }

    /// <summary>The same head with other thresholds (one per label, each in [0, 1]).</summary>
    public MultiLabelHead WithThresholds(IReadOnlyList<float> thresholds) =>
        new(_labels, InputDim, _weights, _biases, thresholds, Standardizer, Training);

    internal float[] WeightMatrix => _weights;

    private static float[] CheckThresholds(IReadOnlyList<float> thresholds, int labelCount)
    {
        if (thresholds.Count != labelCount)
            throw new ArgumentException($"Expected {labelCount} thresholds (one per label), got {thresholds.Count}.", nameof(thresholds));
        for (int l = 0; l < thresholds.Count; l++)
            if (!(thresholds[l] >= 0f && thresholds[l] <= 1f))
                throw new ArgumentException($"Threshold {l} is {thresholds[l]}; thresholds must be in [0, 1].", nameof(thresholds));
        return [.. thresholds];
    }

    private static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));
}
