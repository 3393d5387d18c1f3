using System.ComponentModel.DataAnnotations;
using LLMEmbed.Core.Batching;

namespace LLMEmbed.Core.Backbones;

/// <summary>How <see cref="EmbeddingRunner"/> cuts texts into model runs: the serving batcher's cut (<see cref="CostCut"/>) over all its texts.</summary>
public sealed record EmbeddingRunnerOptions
{
    /// <summary>Most padded tokens (run size x longest sequence) one model run may hold.</summary>
    [Range(1, int.MaxValue)]
    public int TokenBudget { get; init; } = BatchingOptions.DefaultTokenBudget;

    /// <summary>Most sequences in one model run, as Batching:MaxRunSize online; raise it on a GPU.</summary>
    [Range(1, int.MaxValue)]
    public int MaxRunSize { get; init; } = BatchingOptions.DefaultMaxRunSize;

    /// <summary>The price of one model run in padded token slots, as Batching:RunOverheadTokens online.</summary>
    [Range(0, int.MaxValue)]
    public int RunOverheadTokens { get; init; } = BatchingOptions.DefaultRunOverheadTokens;

    /// <summary>
    /// Truncation length (window length when chunking); null or 0 means each backbone's own window, its
    /// manifest's maxTokens, as the serving path reads texts. A larger value is capped by that window.
    /// </summary>
    [TokenLimit]
    public int? MaxTokens { get; init; }
}
