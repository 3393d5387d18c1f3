using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Features;

/// <summary>One backbone's contribution to a feature vector: which taps, pooled how.</summary>
public sealed record FeatureComponent(string Backbone, IReadOnlyList<int> Taps, PoolingKind Pooling)
{
    public override string ToString() => $"{Backbone}[{string.Join(',', Taps)}]/{Pooling.ToString().ToLowerInvariant()}";
}
