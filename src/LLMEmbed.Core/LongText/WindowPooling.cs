using System.Numerics.Tensors;
using LLMEmbed.Core.Backbones;

namespace LLMEmbed.Core.LongText;

/// <summary>
/// Folds per-window pooled tap vectors back into one row per text: a mean over the text's windows weighted by
/// each window's token count, so with masked-mean pooling every token weighs about the same. A text of one
/// window gets its window's vector unchanged. Pure, so the serving path can reuse it.
/// </summary>
public static class WindowPooling
{
    /// <param name="windows">Pooled vectors of every window, the windows of text 0 first, then text 1, ...</param>
    /// <param name="windowsPerText">How many consecutive windows belong to each text.</param>
    /// <param name="windowTokens">Token count of each window (its weight).</param>
    public static PooledLayers Pool(PooledLayers windows, IReadOnlyList<int> windowsPerText, IReadOnlyList<int> windowTokens)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(windowsPerText);
        ArgumentNullException.ThrowIfNull(windowTokens);
        if (windowTokens.Count != windows.Sequences)
            throw new ArgumentException($"{windowTokens.Count} window weights for {windows.Sequences} windows.", nameof(windowTokens));
        if (windowsPerText.Any(c => c < 1) || windowsPerText.Sum() != windows.Sequences)
            throw new ArgumentException($"Window counts must be positive and add up to {windows.Sequences}.", nameof(windowsPerText));
        if (windowTokens.Any(t => t < 1))
            throw new ArgumentException("Every window holds at least one token.", nameof(windowTokens));

        int width = windows.Taps * windows.Hidden;
        var data = new float[windowsPerText.Count * width];
        int next = 0;
        for (int text = 0; text < windowsPerText.Count; text++)
        {
            Span<float> row = data.AsSpan(text * width, width);
            int count = windowsPerText[text];
            if (count == 1)
            {
                windows.Sequence(next++).CopyTo(row);
                continue;
            }
            double total = 0;
            for (int w = 0; w < count; w++) total += windowTokens[next + w];
            for (int w = 0; w < count; w++, next++)
                TensorPrimitives.MultiplyAdd(windows.Sequence(next), (float)(windowTokens[next] / total), row, row);
        }
        return new PooledLayers(windowsPerText.Count, windows.Taps, windows.Hidden, data);
    }
}
