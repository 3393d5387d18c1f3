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

    /// <summary>
    /// The vectors of the taps at <paramref name="positions"/> (indexes into this block's taps), in that
    /// order, for every sequence; this block itself when the positions are all of its taps in order.
    /// </summary>
    public PooledLayers SelectTaps(IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var identity = positions.Count == Taps;
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] < 0 || positions[i] >= Taps)
                throw new ArgumentOutOfRangeException(nameof(positions), positions[i], $"Tap position must lie in 0..{Taps - 1}.");
            identity &= positions[i] == i;
        }
        if (identity) return this;
        var data = new float[Sequences * positions.Count * Hidden];
        for (var s = 0; s < Sequences; s++)
            for (var t = 0; t < positions.Count; t++)
                Vector(s, positions[t]).CopyTo(data.AsSpan((s * positions.Count + t) * Hidden, Hidden));
        return new PooledLayers(Sequences, positions.Count, Hidden, data);
    }
}
