using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Backbones;

/// <summary>
/// A frozen language model over one flat token batch. Synchronous and small on purpose:
/// queues, batching and async live outside it. Implementations are thread-safe for Run.
/// </summary>
public interface IBackbone : IDisposable
{
    BackboneManifest Manifest { get; }

    /// <summary>"cuda" or "cpu": where this instance really runs.</summary>
    string ExecutionProvider { get; }

    /// <summary>Runs the batch and pools each requested tap (0 = embedding output, 1..Layers = block outputs).</summary>
    PooledLayers Run(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling);
}
