using System.Runtime.InteropServices;
using LLMEmbed.Grains.Abstractions.Fusion;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// A recipe's fused vectors inside a silo: row-major [Count, Dim] floats, never packed to bytes until
/// they cross a grain boundary (<see cref="ToBatch"/>) or are stored.
/// </summary>
public sealed record FusedVectors(int Count, int Dim, float[] Values, bool[] Truncated, int[] Windows)
{
    /// <summary>Backbone windows of every text together: the embedding cost of the call in texts' worth.</summary>
    public long TotalWindows => Windows.Sum(w => (long)w);

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Dim, Dim);

    public FusedBatch ToBatch() => new(Count, Dim, MemoryMarshal.AsBytes(Values.AsSpan()).ToArray(), Truncated) { Windows = Windows };
}
