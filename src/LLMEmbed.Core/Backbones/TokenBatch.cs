namespace LLMEmbed.Core.Backbones;

/// <summary>
/// One flat batch of token sequences: all ids concatenated, with cumulative offsets
/// (sequence i is Ids[Offsets[i]..Offsets[i+1]]). Already truncated; the backbone pads.
/// </summary>
public sealed class TokenBatch
{
    public TokenBatch(int[] ids, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length < 1 || offsets[0] != 0 || offsets[^1] != ids.Length)
            throw new ArgumentException("Offsets must start at 0 and end at ids.Length.", nameof(offsets));
        for (var i = 1; i < offsets.Length; i++)
            if (offsets[i] <= offsets[i - 1])
                throw new ArgumentException("Every sequence must hold at least one token.", nameof(offsets));
        Ids = ids;
        Offsets = offsets;
    }

    public int[] Ids { get; }
    public int[] Offsets { get; }
    public int Count => Offsets.Length - 1;
    public int TotalTokens => Ids.Length;
    public ReadOnlySpan<int> Sequence(int i) => Ids.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    public int MaxLength
    {
        get
        {
            var max = 0;
            for (var i = 0; i < Count; i++) max = Math.Max(max, Offsets[i + 1] - Offsets[i]);
            return max;
        }
    }

    public static TokenBatch FromSequences(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var offsets = new int[sequences.Count + 1];
        for (var i = 0; i < sequences.Count; i++) offsets[i + 1] = offsets[i] + sequences[i].Length;
        var ids = new int[offsets[^1]];
        for (var i = 0; i < sequences.Count; i++) sequences[i].CopyTo(ids, offsets[i]);
        return new TokenBatch(ids, offsets);
    }
}
