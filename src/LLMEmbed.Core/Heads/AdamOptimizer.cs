using System.Numerics.Tensors;

namespace LLMEmbed.Core.Heads;

/// <summary>Adam (beta1 0.9, beta2 0.999, eps 1e-8) over a network's parameter arrays, element-wise and vectorised.</summary>
internal sealed class AdamOptimizer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly float[][] _m, _v;
    private readonly float[] _scratch;
    private int _step;

    public AdamOptimizer(IReadOnlyList<float[]> parameters)
    {
        _m = parameters.Select(p => new float[p.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Length]).ToArray();
        _scratch = new float[parameters.Max(p => p.Length)];
    }

    /// <summary>One update of every parameters[i] from gradients[i] (same order as construction).</summary>
    public void Step(IReadOnlyList<float[]> parameters, IReadOnlyList<float[]> gradients, float learningRate)
    {
        _step++;
        float correction1 = 1f - MathF.Pow(Beta1, _step);
        float correction2 = 1f - MathF.Pow(Beta2, _step);
        float stepSize = learningRate / correction1;
        float inverseSqrtCorrection2 = 1f / MathF.Sqrt(correction2);
        for (int i = 0; i < parameters.Count; i++)
        {
            Span<float> w = parameters[i], g = gradients[i], m = _m[i], v = _v[i];
            Span<float> tmp = _scratch.AsSpan(0, w.Length);
            TensorPrimitives.Multiply(m, Beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - Beta1, m, m);
            TensorPrimitives.Multiply(g, g, tmp);
            TensorPrimitives.Multiply(v, Beta2, v);
            TensorPrimitives.MultiplyAdd(tmp, 1f - Beta2, v, v);
            // w -= stepSize * m / (sqrt(v / correction2) + eps)
            TensorPrimitives.Sqrt(v, tmp);
            TensorPrimitives.Multiply(tmp, inverseSqrtCorrection2, tmp);
            TensorPrimitives.Add(tmp, Epsilon, tmp);
            TensorPrimitives.Divide(m, tmp, tmp);
            TensorPrimitives.MultiplyAdd(tmp, -stepSize, w, w);
        }
    }
}
