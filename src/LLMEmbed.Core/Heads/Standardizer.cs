using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads;

/// <summary>Per-feature z-scores: z = (x - Mean) / Std. Constant features get Std 1 so they map to 0.</summary>
public sealed class Standardizer
{
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly float[] _inverseStd;

    public Standardizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Standardizer needs equal, non-zero mean and std lengths (got {mean.Length} and {std.Length}).");
        for (int i = 0; i < std.Length; i++)
            if (!(float.IsFinite(std[i]) && std[i] > 0f) || !float.IsFinite(mean[i]))
                throw new ArgumentException($"Standardizer feature {i}: mean {mean[i]}, std {std[i]}; std must be finite and positive.");
        _mean = mean.ToArray();
        _std = std.ToArray();
        _inverseStd = new float[_std.Length];
        TensorPrimitives.Reciprocal(_std, _inverseStd);
    }

    public int Dimension => _mean.Length;
    public ReadOnlySpan<float> Mean => _mean;
    public ReadOnlySpan<float> Std => _std;

    public void Apply(ReadOnlySpan<float> features, Span<float> destination)
    {
        if (features.Length != Dimension || destination.Length < Dimension)
            throw new ArgumentException($"Standardizer expects {Dimension} features, got {features.Length} (destination {destination.Length}).");
        destination = destination[..Dimension];
        TensorPrimitives.Subtract(features, _mean, destination);
        TensorPrimitives.Multiply(destination, _inverseStd, destination);
    }

    /// <summary>Fits mean and population std of the given rows, accumulating in double.</summary>
    internal static Standardizer Fit(TrainingSet data, IReadOnlyList<int> rows, int maxDegreeOfParallelism)
    {
        int dim = data.Dimension;
        var mean = new float[dim];
        var std = new float[dim];
        const int block = 256;
        int blocks = (dim + block - 1) / block;
        // Parallel over column blocks: each column is summed in row order, so the result is thread-independent.
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b =>
        {
            int start = b * block, length = Math.Min(block, dim - start);
            Span<double> sum = stackalloc double[block];
            Span<double> sumSq = stackalloc double[block];
            sum.Clear();
            foreach (int r in rows)
            {
                ReadOnlySpan<float> x = data.Row(r).Slice(start, length);
                for (int c = 0; c < length; c++)
                    sum[c] += x[c];
            }
            for (int c = 0; c < length; c++)
                sum[c] /= rows.Count;
            sumSq.Clear();
            foreach (int r in rows)
            {
                ReadOnlySpan<float> x = data.Row(r).Slice(start, length);
                for (int c = 0; c < length; c++)
                {
                    double d = x[c] - sum[c];
                    sumSq[c] += d * d;
                }
            }
            for (int c = 0; c < length; c++)
            {
                double sd = Math.Sqrt(sumSq[c] / rows.Count);
                mean[start + c] = (float)sum[c];
                std[start + c] = sd > 1e-6 ? (float)sd : 1f;
            }
        });
        return new Standardizer(mean, std);
    }
}
