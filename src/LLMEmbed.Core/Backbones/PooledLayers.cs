namespace LLMEmbed.Core.Backbones;

/// <summary>
/// Pooled layer vectors for a batch: row-major [sequence, tap, hidden] in one array,
/// so a batch crosses process boundaries as one contiguous block.
/// </summary>
public sealed class PooledLayers
{
    public PooledLayers(int sequences, int taps, int hidden, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != sequences * taps * hidden)
            throw new ArgumentException($"Expected {sequences * taps * hidden} values, got {data.Length}.", nameof(data));
        Sequences = sequences;
        Taps = taps;
        Hidden = hidden;
        Data = data;
    }

    public int Sequences { get; }
    public int Taps { get; }
    public int Hidden { get; }
    public float[] Data { get; }

    public ReadOnlySpan<float> Vector(int sequence, int tap) =>
        Data.AsSpan((sequence * Taps + tap) * Hidden, Hidden);

    /// <summary>All taps of one sequence, [tap, hidden] contiguous.</summary>
    public ReadOnlySpan<float> Sequence(int sequence) =>
        Data.AsSpan(sequence * Taps * Hidden, Taps * Hidden);
}
