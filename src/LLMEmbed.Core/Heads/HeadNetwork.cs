using System.Numerics;
using System.Numerics.Tensors;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// The trainable network behind a head: parameters, their gradients and the batch buffers of one
/// forward/backward pass. Layer l maps Widths[l] to Widths[l+1]; all but the last are followed by
/// ReLU and inverted dropout. Not thread-safe; one instance per training run.
/// </summary>
internal sealed class HeadNetwork
{
    private const float SmallestNormal = 1.17549435e-38f;
    private float[][] _activations = [];
    private float[][] _deltas = [];
    private int _capacity;
    private float _inverseKeep = 1f;

    public HeadNetwork(int[] widths, float[][] weights, float[][] biases)
    {
        Widths = widths;
        Weights = weights;
        Biases = biases;
        WeightGrads = new float[LayerCount][];
        BiasGrads = new float[LayerCount][];
        for (int l = 0; l < LayerCount; l++)
        {
            if (weights[l].Length != widths[l] * widths[l + 1] || biases[l].Length != widths[l + 1])
                throw new ArgumentException($"Layer {l} parameters do not match widths {widths[l]} -> {widths[l + 1]}.");
            WeightGrads[l] = new float[weights[l].Length];
            BiasGrads[l] = new float[biases[l].Length];
        }
    }

    public int[] Widths { get; }
    public int LayerCount => Widths.Length - 1;
    public int InputDim => Widths[0];
    public int Classes => Widths[^1];
    public float[][] Weights { get; }
    public float[][] Biases { get; }
    public float[][] WeightGrads { get; }
    public float[][] BiasGrads { get; }

    /// <summary>He-uniform hidden layers (suited to ReLU), zero output layer and biases.</summary>
    public static HeadNetwork CreateInitialized(int[] widths, ulong seed)
    {
        int layers = widths.Length - 1;
        var weights = new float[layers][];
        var biases = new float[layers][];
        var rng = new SeededRandom(seed);
        for (int l = 0; l < layers; l++)
        {
            weights[l] = new float[widths[l] * widths[l + 1]];
            biases[l] = new float[widths[l + 1]];
            // The output layer starts at zero (uniform prediction); the hidden layers break symmetry.
            if (l == layers - 1)
                continue;
            float limit = MathF.Sqrt(6f / widths[l]);
            for (int i = 0; i < weights[l].Length; i++)
                weights[l][i] = (float)((rng.NextDouble() * 2 - 1) * limit);
        }
        return new HeadNetwork(widths, weights, biases);
    }

    /// <summary>The buffer to fill with n standardised input rows before <see cref="Forward"/>.</summary>
    public float[] Input(int n)
    {
        EnsureCapacity(n);
        return _activations[0];
    }

    /// <summary>Logits of the last forward pass, row-major [n, Classes].</summary>
    public float[] Logits => _activations[LayerCount];

    /// <summary>Runs the layers over the first n rows of <see cref="Input"/>; dropout 0 means evaluation.</summary>
    public void Forward(int n, float dropout, ulong dropoutKey, int maxDegreeOfParallelism)
    {
        _inverseKeep = 1f / (1f - dropout);
        for (int l = 0; l < LayerCount; l++)
        {
            int inDim = Widths[l], outDim = Widths[l + 1];
            float[] output = _activations[l + 1];
            DenseKernels.Affine(_activations[l], n, inDim, Weights[l], Biases[l], outDim, output, maxDegreeOfParallelism);
            if (l == LayerCount - 1)
                break;
            int layer = l;
            // Dropped when a 32-bit uniform falls below dropout * 2^32 (two draws per 64-bit output).
            uint threshold = (uint)Math.Min(uint.MaxValue, Math.Round(dropout * 4294967296.0));
            DenseKernels.For(n, (long)n * outDim * 8, maxDegreeOfParallelism, r =>
            {
                Span<float> row = output.AsSpan(r * outDim, outDim);
                TensorPrimitives.Max(row, 0f, row);
                if (dropout <= 0f)
                    return;
                // One stream per (step, row, layer): the mask does not depend on thread scheduling.
                var rng = new SeededRandom(SeededRandom.Mix(dropoutKey, (ulong)r, (ulong)layer));
                for (int i = 0; i < row.Length; i += 2)
                {
                    ulong bits = rng.NextUInt64();
                    row[i] = (uint)bits < threshold ? 0f : row[i] * _inverseKeep;
                    if (i + 1 < row.Length)
                        row[i + 1] = (uint)(bits >> 32) < threshold ? 0f : row[i + 1] * _inverseKeep;
                }
            });
        }
    }

    /// <summary>
    /// Sum over the n rows of softmax cross-entropy (log-sum-exp, one softmax), and the output-layer delta
    /// d(mean loss)/d(logits) for <see cref="Backward"/>. Labels index the classes.
    /// </summary>
    public double CrossEntropy(int n, ReadOnlySpan<int> labels, bool computeDelta)
    {
        int classes = Classes;
        float[] logits = Logits;
        float[] delta = _deltas[LayerCount - 1];
        double total = 0;
        float invN = 1f / n;
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(r * classes, classes);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            for (int c = 0; c < classes; c++)
                sum += Math.Exp(row[c] - max);
            double logZ = max + Math.Log(sum);
            total += logZ - row[labels[r]];
            if (!computeDelta)
                continue;
            for (int c = 0; c < classes; c++)
            {
                double p = Math.Exp(row[c] - logZ);
                float d = (float)(c == labels[r] ? p - 1 : p) * invN;
                // Confident rows give deltas below float's normal range; subnormal operands slow every
                // multiply-add of the backward pass many times over, and their contribution is nil.
                delta[r * classes + c] = MathF.Abs(d) < SmallestNormal ? 0f : d;
            }
        }
        return total;
    }

    /// <summary>Fills the gradients of mean cross-entropy + (l2/2)*sum(W^2) from the deltas of the last pass.</summary>
    public void Backward(int n, float l2, int maxDegreeOfParallelism)
    {
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int inDim = Widths[l], outDim = Widths[l + 1];
            float[] dy = _deltas[l];
            DenseKernels.WeightGradient(dy, _activations[l], n, inDim, outDim, WeightGrads[l], maxDegreeOfParallelism);
            if (l2 > 0f)
                TensorPrimitives.MultiplyAdd(Weights[l], l2, WeightGrads[l], WeightGrads[l]);
            DenseKernels.BiasGradient(dy, n, outDim, BiasGrads[l]);
            if (l == 0)
                break;

            float[] dx = _deltas[l - 1];
            DenseKernels.InputGradient(dy, Weights[l], n, inDim, outDim, dx, maxDegreeOfParallelism);
            // Through inverted dropout and ReLU: the stored activation is > 0 exactly where both let the signal pass.
            float[] activation = _activations[l];
            float scale = _inverseKeep;
            DenseKernels.For(n, (long)n * inDim * 4, maxDegreeOfParallelism, r => MaskRow(activation.AsSpan(r * inDim, inDim), dx.AsSpan(r * inDim, inDim), scale));
        }
    }

    /// <summary>dx = activation &gt; 0 ? dx * scale : 0, with the same per-element operations in lanes and tail.</summary>
    private static void MaskRow(ReadOnlySpan<float> activation, Span<float> dx, float scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            for (; i + Vector<float>.Count <= dx.Length; i += Vector<float>.Count)
            {
                var passes = Vector.GreaterThan(new Vector<float>(activation[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(passes, new Vector<float>(dx[i..]) * s, Vector<float>.Zero).CopyTo(dx[i..]);
            }
        }
        for (; i < dx.Length; i++)
            dx[i] = activation[i] > 0f ? dx[i] * scale : 0f;
    }

    /// <summary>(l2/2) * sum of squared weights, the penalty part of the training objective.</summary>
    public double L2Penalty(float l2)
    {
        double sum = 0;
        foreach (var w in Weights)
            sum += TensorPrimitives.Dot(w, w);
        return 0.5 * l2 * sum;
    }

    public float[][] CopyWeights() => Weights.Select(w => (float[])w.Clone()).ToArray();
    public float[][] CopyBiases() => Biases.Select(b => (float[])b.Clone()).ToArray();

    public void Restore(float[][] weights, float[][] biases)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            weights[l].CopyTo(Weights[l], 0);
            biases[l].CopyTo(Biases[l], 0);
        }
    }

    private void EnsureCapacity(int n)
    {
        if (n <= _capacity)
            return;
        _activations = new float[LayerCount + 1][];
        for (int l = 0; l <= LayerCount; l++)
            _activations[l] = new float[n * Widths[l]];
        _deltas = new float[LayerCount][];
        for (int l = 0; l < LayerCount; l++)
            _deltas[l] = new float[n * Widths[l + 1]];
        _capacity = n;
    }
}
