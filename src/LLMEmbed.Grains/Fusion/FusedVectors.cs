namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// A recipe's fused vectors inside a silo: row-major [Count, Dim] floats, packed to bytes only when
/// they are stored or leave the silo (Embed's reply). Immutable: the fusion grain's reply
/// reaches the tenant grain on the same silo by reference, not copied.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.fusion.FusedVectors")]
public sealed record FusedVectors(
    [property: Id(0)] int Count,
    [property: Id(1)] int Dim,
    [property: Id(2)] float[] Values,
    [property: Id(3)] bool[] Truncated,
    [property: Id(4)] int[] Windows,
    // Row-major [Count, ZeroShotDim] zero-shot vectors when the request asked for them (FusionRequest.ZeroShot), else null.
    [property: Id(5)] float[]? ZeroShot = null,
    [property: Id(6)] int ZeroShotDim = 0)
{
    /// <summary>Backbone windows of every text together: the embedding cost of the call in texts' worth.</summary>
    public long TotalWindows => Windows.Sum(w => (long)w);

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Dim, Dim);

    public ReadOnlySpan<float> ZeroShotRow(int row) =>
        (ZeroShot ?? throw new InvalidOperationException("These vectors were fused without zero-shot vectors.")).AsSpan(row * ZeroShotDim, ZeroShotDim);
}
