namespace LLMEmbed.Core.Pooling;

/// <summary>How a layer's token vectors become one vector per text.</summary>
public enum PoolingKind
{
    /// <summary>Mean over real (attention-masked) tokens. The default.</summary>
    Mean,
    /// <summary>The first token ([CLS] / &lt;s&gt;).</summary>
    First,
    /// <summary>The last real token (decoders).</summary>
    Last,
    /// <summary>Element-wise max over real tokens.</summary>
    Max,
    /// <summary>Mean over every position, padding included: the reference code's behaviour, kept for comparison only.</summary>
    UnmaskedMean,
}
