using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// A trained classifier head: optional standardizer, dense layers (ReLU between them), softmax over
/// <see cref="Labels"/>. Immutable and thread-safe; predictions allocate only small per-call buffers.
/// </summary>
public sealed class Head
{
    private const int PredictChunkRows = 256;
    private readonly string[] _labels;
    private readonly DenseLayer[] _layers;

    public Head(HeadKind kind, IReadOnlyList<string> labels, Standardizer? standardizer, IReadOnlyList<DenseLayer> layers, HeadTrainingInfo training)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(training);
        if (labels.Count < 2)
            throw new ArgumentException($"A head needs at least two labels, got {labels.Count}.", nameof(labels));
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count || labels.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Head labels must be distinct and non-empty.", nameof(labels));
        if (layers.Count == 0)
            throw new ArgumentException("A head needs at least one layer.", nameof(layers));
        if (kind == HeadKind.LogReg && layers.Count != 1)
            throw new ArgumentException($"A LogReg head has exactly one layer, got {layers.Count}.", nameof(layers));
        for (int l = 1; l < layers.Count; l++)
            if (layers[l].InputDim != layers[l - 1].OutputDim)
                throw new ArgumentException($"Layer {l} takes {layers[l].InputDim} inputs but layer {l - 1} gives {layers[l - 1].OutputDim}.", nameof(layers));
        if (layers[^1].OutputDim != labels.Count)
            throw new ArgumentException($"The output layer gives {layers[^1].OutputDim} values for {labels.Count} labels.", nameof(layers));
        if (standardizer is not null && standardizer.Dimension != layers[0].InputDim)
            throw new ArgumentException($"Standardizer has {standardizer.Dimension} features, the first layer takes {layers[0].InputDim}.", nameof(standardizer));

        Kind = kind;
        _labels = labels.ToArray();
        Standardizer = standardizer;
        _layers = layers.ToArray();
        Training = training;
    }

    public HeadKind Kind { get; }
    public IReadOnlyList<string> Labels => _labels;
    public int InputDim => _layers[0].InputDim;
    public int ClassCount => _labels.Length;

    /// <summary>Null when the head was trained on raw features.</summary>
    public Standardizer? Standardizer { get; }

    public IReadOnlyList<DenseLayer> Layers => _layers;
    public HeadTrainingInfo Training { get; }

    /// <summary>Index of <paramref name="label"/> in <see cref="Labels"/>, or -1.</summary>
    public int IndexOf(string label) => Array.IndexOf(_labels, label);

    /// <summary>Class probabilities (softmax) for one feature vector, ordered like <see cref="Labels"/>.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        var result = new float[ClassCount];
        PredictProbabilities(features, result);
        return result;
    }

    /// <summary>Writes the <see cref="ClassCount"/> probabilities of one vector into <paramref name="destination"/>.</summary>
    public void PredictProbabilities(ReadOnlySpan<float> features, Span<float> destination)
    {
        CheckWidth(features.Length, nameof(features));
        if (destination.Length < ClassCount)
            throw new ArgumentException($"Destination too small: {ClassCount} probabilities, destination has {destination.Length}.", nameof(destination));
        var input = new float[InputDim];
        Prepare(features, input);
        float[] logits = RunLayers(input, 1, maxDegreeOfParallelism: 1);
        Softmax(logits, destination[..ClassCount]);
    }

    /// <summary>Probabilities for many rows at once (row-major [rows, ClassCount]); uses all cores.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> rowMajorFeatures, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rowMajorFeatures.Length != rows * InputDim)
            throw new ArgumentException($"Expected {rows} x {InputDim} = {rows * InputDim} values, got {rowMajorFeatures.Length}.", nameof(rowMajorFeatures));
        var result = new float[rows * ClassCount];
        var input = new float[Math.Min(rows, PredictChunkRows) * InputDim];
        for (int start = 0; start < rows; start += PredictChunkRows)
        {
            int n = Math.Min(PredictChunkRows, rows - start);
            for (int r = 0; r < n; r++)
                Prepare(rowMajorFeatures.Slice((start + r) * InputDim, InputDim), input.AsSpan(r * InputDim, InputDim));
            float[] logits = RunLayers(input, n, Environment.ProcessorCount);
            for (int r = 0; r < n; r++)
                Softmax(logits.AsSpan(r * ClassCount, ClassCount), result.AsSpan((start + r) * ClassCount, ClassCount));
        }
        return result;
    }

    /// <summary>Probabilities for each row.</summary>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var flat = new float[rows.Count * InputDim];
        for (int r = 0; r < rows.Count; r++)
        {
            ArgumentNullException.ThrowIfNull(rows[r], $"rows[{r}]");
            CheckWidth(rows[r].Length, $"rows[{r}]");
            rows[r].CopyTo(flat, r * InputDim);
        }
        float[] probabilities = PredictProbabilities(flat, rows.Count);
        var result = new float[rows.Count][];
        for (int r = 0; r < rows.Count; r++)
            result[r] = probabilities.AsSpan(r * ClassCount, ClassCount).ToArray();
        return result;
    }

    /// <summary>Index (into <see cref="Labels"/>) of the most probable class.</summary>
    public int Predict(ReadOnlySpan<float> features) => TensorPrimitives.IndexOfMax(PredictProbabilities(features));

    /// <summary>Most probable class index per row.</summary>
    public int[] Predict(IReadOnlyList<float[]> rows)
    {
        var probabilities = PredictProbabilities(rows);
        return probabilities.Select(p => TensorPrimitives.IndexOfMax(p)).ToArray();
    }

    /// <summary>Most probable label.</summary>
    public string PredictLabel(ReadOnlySpan<float> features) => _labels[Predict(features)];

    private void CheckWidth(int width, string name)
    {
        if (width != InputDim)
            throw new ArgumentException($"This head takes {InputDim} features, got {width}.", name);
    }

    private void Prepare(ReadOnlySpan<float> features, Span<float> destination)
    {
        if (Standardizer is null)
            features.CopyTo(destination);
        else
            Standardizer.Apply(features, destination);
    }

    private float[] RunLayers(float[] input, int n, int maxDegreeOfParallelism)
    {
        float[] current = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            DenseLayer layer = _layers[l];
            var output = new float[n * layer.OutputDim];
            DenseKernels.Affine(current, n, layer.InputDim, layer.WeightArray, layer.BiasArray, layer.OutputDim, output, maxDegreeOfParallelism);
            if (l < _layers.Length - 1)
                TensorPrimitives.Max(output, 0f, output);
            current = output;
        }
        return current;
    }

    /// <summary>Numerically stable softmax (shifted by the maximum logit).</summary>
    internal static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, destination);
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Divide(destination, TensorPrimitives.Sum(destination), destination);
    }
}
