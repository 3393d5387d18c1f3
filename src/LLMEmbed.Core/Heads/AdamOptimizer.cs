using System.Numerics;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// Adam (beta1 0.9, beta2 0.999, eps 1e-8) over a network's parameter arrays: one fused, vectorised pass
/// per array (memory traffic, not arithmetic, bounds it), split into chunks that run in parallel.
/// Every element is updated by the same operations in the vector lanes and the scalar tail, so the
/// result does not depend on the chunking or thread count.
/// </summary>
internal sealed class AdamOptimizer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private const int Chunk = 16 * 1024;
    private readonly float[][] _m, _v;
    private readonly int _maxDegreeOfParallelism;
    private readonly long _totalLength;
    private readonly (int Array, int Start, int Length)[] _chunks;
    private int _step;

    public AdamOptimizer(IReadOnlyList<float[]> parameters, int maxDegreeOfParallelism = 1)
    {
        _m = parameters.Select(p => new float[p.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Length]).ToArray();
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
        _totalLength = parameters.Sum(p => (long)p.Length);
        _chunks = Chunks(parameters);
    }

    /// <summary>One update of every parameters[i] from gradients[i] (same order as construction).</summary>
    public void Step(IReadOnlyList<float[]> parameters, IReadOnlyList<float[]> gradients, float learningRate)
    {
        _step++;
        float correction1 = 1f - MathF.Pow(Beta1, _step);
        float correction2 = 1f - MathF.Pow(Beta2, _step);
        var rule = new Rule(learningRate / correction1, 1f / MathF.Sqrt(correction2));
        // One parallel loop over the chunks of all arrays: a loop per array would wake the workers once per array.
        var chunks = _chunks;
        DenseKernels.For(chunks.Length, (long)_totalLength * 8, _maxDegreeOfParallelism, c =>
        {
            var (array, start, length) = chunks[c];
            rule.Apply(parameters[array].AsSpan(start, length), gradients[array].AsSpan(start, length),
                _m[array].AsSpan(start, length), _v[array].AsSpan(start, length));
        });
    }

    private static (int Array, int Start, int Length)[] Chunks(IReadOnlyList<float[]> parameters)
    {
        var chunks = new List<(int, int, int)>();
        for (int i = 0; i < parameters.Count; i++)
            for (int start = 0; start < parameters[i].Length; start += Chunk)
                chunks.Add((i, start, Math.Min(Chunk, parameters[i].Length - start)));
        return [.. chunks];
    }

    /// <summary>m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; w -= stepSize · m / (sqrt(v) / sqrt(correction2) + eps).</summary>
    private readonly record struct Rule(float StepSize, float InverseSqrtCorrection2)
    {
        public void Apply(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var b1 = new Vector<float>(Beta1); var a1 = new Vector<float>(1f - Beta1);
                var b2 = new Vector<float>(Beta2); var a2 = new Vector<float>(1f - Beta2);
                var step = new Vector<float>(StepSize); var inv = new Vector<float>(InverseSqrtCorrection2);
                var eps = new Vector<float>(Epsilon);
                for (; i + Vector<float>.Count <= w.Length; i += Vector<float>.Count)
                {
                    var gi = new Vector<float>(g[i..]);
                    var mi = b1 * new Vector<float>(m[i..]) + a1 * gi;
                    var vi = b2 * new Vector<float>(v[i..]) + a2 * (gi * gi);
                    var wi = new Vector<float>(w[i..]) - step * (mi / (Vector.SquareRoot(vi) * inv + eps));
                    mi.CopyTo(m[i..]);
                    vi.CopyTo(v[i..]);
                    wi.CopyTo(w[i..]);
                }
            }
            for (; i < w.Length; i++)
            {
                float gi = g[i];
                float mi = Beta1 * m[i] + (1f - Beta1) * gi;
                float vi = Beta2 * v[i] + (1f - Beta2) * (gi * gi);
                w[i] -= StepSize * (mi / (MathF.Sqrt(vi) * InverseSqrtCorrection2 + Epsilon));
                m[i] = mi;
                v[i] = vi;
            }
        }
    }
}
