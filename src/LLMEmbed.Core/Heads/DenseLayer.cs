namespace LLMEmbed.Core.Heads;

/// <summary>One affine layer y = W x + b of a trained head; W is row-major [OutputDim, InputDim].</summary>
public sealed class DenseLayer
{
    public DenseLayer(int inputDim, int outputDim, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
        : this(inputDim, outputDim, weights.ToArray(), biases.ToArray())
    {
    }

    internal DenseLayer(int inputDim, int outputDim, float[] weights, float[] biases)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDim);
        if (weights.Length != inputDim * outputDim)
            throw new ArgumentException($"Layer {outputDim}x{inputDim} needs {inputDim * outputDim} weights, got {weights.Length}.", nameof(weights));
        if (biases.Length != outputDim)
            throw new ArgumentException($"Layer with {outputDim} outputs needs {outputDim} biases, got {biases.Length}.", nameof(biases));
        InputDim = inputDim;
        OutputDim = outputDim;
        WeightArray = weights;
        BiasArray = biases;
    }

    public int InputDim { get; }
    public int OutputDim { get; }
    public ReadOnlySpan<float> Weights => WeightArray;
    public ReadOnlySpan<float> Biases => BiasArray;

    /// <summary>Owned by this layer; never exposed mutable outside the assembly.</summary>
    internal float[] WeightArray { get; }
    internal float[] BiasArray { get; }
}
