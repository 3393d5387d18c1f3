namespace LLMEmbed.Grains;

/// <summary>
/// One frozen backbone, keyed by its id (e.g. "minilm-l6"). Activations live only on
/// backbone-host silos; concurrent calls share model runs.
/// </summary>
public interface IBackboneGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tokenizes and embeds the texts; vectors come back [text, tap, hidden]. Fails with
    /// <see cref="BackboneOverloadedGrainException"/> at once when the backbone's queue is full.
    /// Cancelling drops texts not yet run.
    /// </summary>
    Task<EmbeddingBlob> EmbedTexts(EmbedTextsRequest request, CancellationToken cancellationToken = default);

    /// <summary>The silo, execution provider and batching counters of this backbone.</summary>
    Task<BackboneInfo> Describe();
}
