using LLMEmbed.Core.Models;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// Forward FLOPs per token of a BERT-style encoder, from its shape: <c>L</c> layers, hidden width <c>h</c>,
/// FFN width <c>i</c>, for a sequence of <c>n</c> tokens. Multiply-adds per token and layer:
/// <list type="bullet">
/// <item>Q, K, V and attention-output projections: <c>4·h²</c>;</item>
/// <item>the FFN's two matrices: <c>2·h·i</c>;</item>
/// <item>attention scores (<c>q·kᵀ</c> against <c>n</c> keys, summed over heads: <c>n·h</c>) and the weighted sum of
/// values (<c>n·h</c>): <c>2·n·h</c>, independent of the head count.</item>
/// </list>
/// A multiply-add counts 2 FLOPs, so <c>FLOPs/token(n) = 2·L·(4·h² + 2·h·i + 2·n·h)</c>. Left out as negligible
/// (each linear in <c>h</c>, <c>i</c> or <c>n</c>: about 1% together at these shapes): the embedding lookup and sum, biases, LayerNorm,
/// softmax, GELU, residual adds and the pooler. A sequence of <c>n</c> tokens costs <c>n·FLOPs/token(n)</c>; taken at a
/// sample's mean length, the attention term slightly undercounts a sample of mixed lengths (it grows with each text's own length).
/// </summary>
public sealed record BackboneFlops(int Layers, int HiddenSize, int IntermediateSize)
{
    /// <summary>BERT's convention, <c>i = 4·h</c>: true of both shipped backbones (384 → 1536), which the manifests do not state.</summary>
    public const int IntermediateRatio = 4;

    /// <summary>The shape of <paramref name="manifest"/>; the FFN width is <paramref name="intermediateSize"/> or <c>4·h</c>.</summary>
    public static BackboneFlops From(BackboneManifest manifest, int? intermediateSize = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Architecture != BackboneArchitecture.Encoder)
            throw new ArgumentException($"'{manifest.Id}' is a {manifest.Architecture}; the count assumes a BERT-style encoder.", nameof(manifest));
        return new BackboneFlops(manifest.Layers, manifest.HiddenSize, intermediateSize ?? IntermediateRatio * manifest.HiddenSize);
    }

    /// <summary>FLOPs of the projections and the FFN, per token: the part that does not grow with the sequence.</summary>
    public double FixedPerToken => 2.0 * Layers * (4.0 * HiddenSize * HiddenSize + 2.0 * HiddenSize * IntermediateSize);

    /// <summary>Forward FLOPs per token in a sequence of <paramref name="tokens"/> tokens (fractional: a mean length).</summary>
    public double PerToken(double tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        return FixedPerToken + 2.0 * Layers * 2.0 * tokens * HiddenSize;
    }

    /// <summary>Forward FLOPs of one sequence of <paramref name="tokens"/> tokens.</summary>
    public double PerSequence(int tokens) => tokens * PerToken(tokens);
}
