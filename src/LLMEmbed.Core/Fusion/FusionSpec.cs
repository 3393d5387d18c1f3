namespace LLMEmbed.Core.Fusion;

/// <summary>
/// Parameters of one fusion. Immutable; every field has a deterministic default so that the
/// same spec fuses the same vectors to the same bits on every silo.
/// </summary>
/// <param name="Kind">The fusion to apply.</param>
public sealed record FusionSpec(FusionKind Kind)
{
    /// <summary>Seed of the fixed random projections used when input widths differ.</summary>
    public const int DefaultSeed = 20240603;

    /// <summary>Slope of PN(g) = 2*sigmoid(sigma*g) - 1 (co-occurrence only). Must be finite and positive.</summary>
    public float Sigma { get; init; } = 1f;

    /// <summary>
    /// Common width for <see cref="FusionKind.Mean"/> and <see cref="FusionKind.CoOccurrence"/>;
    /// null means the width of the first input vector.
    /// </summary>
    public int? Width { get; init; }

    /// <summary>Seed of <see cref="SeededProjection"/> for inputs whose width differs from the common width.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Co-occurrence only: append the mean of the <see cref="MeanOf"/> vectors after PN(G).</summary>
    public bool IncludeLayerMean { get; init; } = true;

    /// <summary>
    /// Co-occurrence only: indices of the input vectors whose mean is appended (the paper's "a",
    /// the mean of the LLM layer vectors). Null means all inputs. Compared by reference in record equality.
    /// </summary>
    public IReadOnlyList<int>? MeanOf { get; init; }
}
