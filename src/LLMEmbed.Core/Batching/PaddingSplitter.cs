namespace LLMEmbed.Core.Batching;

/// <summary>
/// Cuts one planned batch into runs of similar length: <see cref="LengthSortedBatches"/> bounded by
/// padding (a run's padded tokens within <c>maxPaddingRatio</c> x its real tokens) and run size.
/// </summary>
public static class PaddingSplitter
{
    /// <returns>Runs of indices into <paramref name="lengths"/>; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Split(IReadOnlyList<int> lengths, double maxPaddingRatio, int maxRunSize = int.MaxValue) =>
        LengthSortedBatches.Cut(lengths, maxRunSize, maxPaddingRatio: maxPaddingRatio);
}
