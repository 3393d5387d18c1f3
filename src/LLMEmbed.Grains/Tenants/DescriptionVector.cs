namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A described label's zero-shot vector: the L2-normalised mean of its description sentences' vectors, in the
/// tenant recipe's zero-shot view (<see cref="Core.ZeroShot.ZeroShotView"/>), embedded once when the description is set.
/// </summary>
/// <param name="Label">The label's position in <see cref="TenantState.Labels"/> (its stable key).</param>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.DescriptionVector")]
public sealed record DescriptionVector(
    [property: Id(0)] int Label,
    [property: Id(1)] float[] Vector);
