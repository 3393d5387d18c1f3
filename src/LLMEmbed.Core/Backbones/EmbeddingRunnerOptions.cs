namespace LLMEmbed.Core.Backbones;

/// <summary>How <see cref="EmbeddingRunner"/> cuts texts into backbone batches.</summary>
public sealed record EmbeddingRunnerOptions
{
    /// <summary>Most padded tokens (batch size x longest sequence) one backbone call may hold.</summary>
    public int TokenBudget { get; init; } = 8192;

    /// <summary>
    /// Most sequences in one backbone call. 16 because on CPU (the bench, 2 cores) batches
    /// of 8 ran about 30% faster per text than 32 or 64; raise it on a GPU.
    /// </summary>
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>
    /// Truncation length (window length when chunking); null or 0 means each backbone's own window, its
    /// manifest's maxTokens, as the serving path reads texts. A larger value is capped by that window.
    /// </summary>
    public int? MaxTokens { get; init; }

    public void Validate()
    {
        if (TokenBudget < 1) throw new ArgumentException($"TokenBudget must be positive, got {TokenBudget}.");
        if (MaxBatchSize < 1) throw new ArgumentException($"MaxBatchSize must be positive, got {MaxBatchSize}.");
        if (MaxTokens is < 0 or 1) throw new ArgumentException($"MaxTokens must be 0 (the backbone's window) or at least 2, got {MaxTokens}.");
    }
}
