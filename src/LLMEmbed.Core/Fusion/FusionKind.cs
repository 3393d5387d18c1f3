namespace LLMEmbed.Core.Fusion;

/// <summary>How several pooled vectors (layers and/or backbones) become one feature vector.</summary>
public enum FusionKind
{
    /// <summary>Concatenation of all inputs at their own widths.</summary>
    Concat,

    /// <summary>Element-wise mean after bringing every input to the common width.</summary>
    Mean,

    /// <summary>
    /// LLMEmbed co-occurrence fusion: the K x K Gram matrix of the inputs (at a common width),
    /// squashed by PN(g) = 2*sigmoid(sigma*g) - 1, followed by the mean of selected inputs.
    /// </summary>
    CoOccurrence,
}
