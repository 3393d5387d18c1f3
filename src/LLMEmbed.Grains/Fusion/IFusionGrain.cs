namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Fuses texts into a recipe's vectors on the caller's silo. A stateless worker under one key (0):
/// every silo that calls it gets its own local activations, scaled by Orleans, so the hop from the
/// tenant grain stays in-process and, its payloads being immutable, copies nothing. Declared here,
/// not in the contracts: only silo grains call it, and its reply is the silo's float form.
/// </summary>
[Alias("llmembed.fusion.IFusionGrain")]
public interface IFusionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// One vector per text, in order. Throws <see cref="Abstractions.Errors.InvalidRequestException"/> for
    /// an unknown recipe, <see cref="Abstractions.Errors.TextTooLongException"/> (at the caller's index) for
    /// a text over a token limit when cutting is off. Cancelling drops the texts the backbones have not run yet.
    /// </summary>
    [Alias("Fuse")]
    Task<FusedVectors> Fuse(FusionRequest request, CancellationToken cancellationToken = default);
}
