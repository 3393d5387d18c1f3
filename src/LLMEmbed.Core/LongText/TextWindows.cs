namespace LLMEmbed.Core.LongText;

/// <summary>
/// Cuts one untruncated token sequence into backbone windows. Each window is the sequence's leading special
/// tokens, a slice of its content, then its trailing special tokens, at most <c>window</c> long; slices start
/// every <c>window - specials - overlap</c> content tokens. Pure, so the serving path can reuse it.
/// </summary>
public static class TextWindows
{
    /// <param name="ids">The full encoding, special tokens included.</param>
    /// <param name="prefix">Leading special tokens of every encoding (1 for BERT's [CLS]).</param>
    /// <param name="suffix">Trailing special tokens of every encoding (1 for BERT's [SEP]).</param>
    /// <param name="window">Longest sequence the backbone takes.</param>
    /// <param name="overlap">Content tokens shared by consecutive windows.</param>
    /// <param name="maxWindows">Most windows returned; later content is dropped.</param>
    public static int[][] Split(ReadOnlySpan<int> ids, int prefix, int suffix, int window, int overlap, int maxWindows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(suffix);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWindows);
        if (ids.Length < prefix + suffix)
            throw new ArgumentException($"A {ids.Length}-token sequence cannot hold {prefix} + {suffix} special tokens.", nameof(ids));
        int content = window - prefix - suffix;
        if (content - overlap < 1)
            throw new ArgumentException($"A {window}-token window leaves {content} content tokens; the overlap ({overlap}) must be smaller.", nameof(window));
        if (ids.Length <= window)
            return [ids.ToArray()];

        ReadOnlySpan<int> head = ids[..prefix], tail = ids[(ids.Length - suffix)..], body = ids[prefix..(ids.Length - suffix)];
        int stride = content - overlap;
        var windows = new List<int[]>();
        for (int start = 0; windows.Count < maxWindows; start += stride)
        {
            int length = Math.Min(content, body.Length - start);
            var w = new int[prefix + length + suffix];
            head.CopyTo(w);
            body.Slice(start, length).CopyTo(w.AsSpan(prefix));
            tail.CopyTo(w.AsSpan(prefix + length));
            windows.Add(w);
            if (start + length >= body.Length)
                break;
        }
        return [.. windows];
    }

    /// <summary>How many windows <see cref="Split"/> makes of a sequence of <paramref name="length"/> tokens.</summary>
    public static int Count(int length, int prefix, int suffix, int window, int overlap, int maxWindows)
    {
        if (length <= window) return 1;
        int content = window - prefix - suffix, stride = content - overlap, body = length - prefix - suffix;
        return Math.Min(maxWindows, 1 + (int)Math.Ceiling((double)Math.Max(0, body - content) / stride));
    }

    /// <summary>Longest encoding (special tokens included) that <paramref name="maxWindows"/> windows cover whole.</summary>
    public static int Longest(int prefix, int suffix, int window, int overlap, int maxWindows) =>
        (int)Math.Min(int.MaxValue, window + (long)(maxWindows - 1) * (window - prefix - suffix - overlap));
}
