using System.Collections.Concurrent;
using System.Numerics.Tensors;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Fusion;

/// <summary>
/// A fixed random orthogonal linear map from <see cref="InputDim"/> to <see cref="OutputDim"/>,
/// fully determined by (seed, inputDim, outputDim). It lets fusion bring vectors of different
/// widths to a common width without any learned, tenant-specific parameters.
/// </summary>
/// <remarks>
/// Stored as <see cref="Matrix"/>, row-major [OutputDim, InputDim], so y = P x is one
/// contiguous dot product per output.
/// Narrowing (out &lt;= in): the rows are orthonormal, P P^T = I (a random orthogonal
/// projection onto an out-dimensional subspace). Widening (out &gt; in): the columns are
/// orthonormal, P^T P = I, so norms and dot products - hence the Gram matrix - are preserved exactly.
/// Built from Gaussian samples by modified Gram-Schmidt run twice in double precision
/// ("twice is enough" keeps orthogonality at rounding level). Cached per key.
/// Bitwise identical on machines with the same SIMD width; elsewhere equal within float rounding.
/// </remarks>
public sealed class SeededProjection
{
    private static readonly ConcurrentDictionary<(int Seed, int In, int Out), Lazy<SeededProjection>> Cache = new();

    private readonly float[] _matrix;

    private SeededProjection(int seed, int inputDim, int outputDim, float[] matrix)
    {
        Seed = seed;
        InputDim = inputDim;
        OutputDim = outputDim;
        _matrix = matrix;
    }

    public int Seed { get; }
    public int InputDim { get; }
    public int OutputDim { get; }

    /// <summary>Row-major [OutputDim, InputDim].</summary>
    public ReadOnlySpan<float> Matrix => _matrix;

    /// <summary>The projection for this key; built once per process and shared.</summary>
    public static SeededProjection Get(int seed, int inputDim, int outputDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDim);
        return Cache.GetOrAdd(
            (seed, inputDim, outputDim),
            key => new Lazy<SeededProjection>(() => Build(key.Seed, key.In, key.Out))).Value;
    }

    /// <summary>y = P x. <paramref name="output"/> must hold exactly <see cref="OutputDim"/> values.</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputDim)
            throw new ArgumentException($"Projection expects {InputDim} inputs, got {input.Length}.", nameof(input));
        if (output.Length != OutputDim)
            throw new ArgumentException($"Projection writes {OutputDim} outputs, destination has {output.Length}.", nameof(output));
        ReadOnlySpan<float> m = _matrix;
        for (int o = 0; o < OutputDim; o++)
            output[o] = TensorPrimitives.Dot(m.Slice(o * InputDim, InputDim), input);
    }

    public float[] Apply(ReadOnlySpan<float> input)
    {
        var output = new float[OutputDim];
        Apply(input, output);
        return output;
    }

    private static SeededProjection Build(int seed, int inputDim, int outputDim)
    {
        // Orthonormalise the shorter side: `count` vectors of length `length`.
        bool narrowing = outputDim <= inputDim;
        int count = narrowing ? outputDim : inputDim;
        int length = narrowing ? inputDim : outputDim;

        var rng = new SeededRandom(SeededRandom.Mix((ulong)(uint)seed, (ulong)inputDim, (ulong)outputDim, 0x50524F4AUL));
        var basis = new double[count * length];
        for (int i = 0; i < basis.Length; i++)
            basis[i] = rng.NextGaussian();

        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < count; i++)
            {
                Span<double> v = basis.AsSpan(i * length, length);
                for (int j = 0; j < i; j++)
                {
                    ReadOnlySpan<double> q = basis.AsSpan(j * length, length);
                    double overlap = TensorPrimitives.Dot(q, v);
                    TensorPrimitives.MultiplyAdd(q, -overlap, v, v);
                }

                double norm = Math.Sqrt(TensorPrimitives.Dot(v, v));
                // Gaussian vectors in general position never collapse; guard anyway so a bug cannot produce NaN.
                if (norm < 1e-12)
                    throw new InvalidOperationException($"Projection basis vector {i} degenerated (seed {seed}).");
                TensorPrimitives.Multiply(v, 1.0 / norm, v);
            }
        }

        var matrix = new float[outputDim * inputDim];
        if (narrowing)
        {
            for (int i = 0; i < matrix.Length; i++)
                matrix[i] = (float)basis[i];
        }
        else
        {
            // basis row i is column i of P.
            for (int o = 0; o < outputDim; o++)
                for (int i = 0; i < inputDim; i++)
                    matrix[o * inputDim + i] = (float)basis[i * length + o];
        }

        return new SeededProjection(seed, inputDim, outputDim, matrix);
    }
}
