namespace LLMEmbed.Core.Evaluation;

/// <summary>
/// Expected calibration error of the top label: rows binned by their highest probability into equal-width bins,
/// the row-weighted mean of |accuracy - mean confidence| over the bins (15 bins, as Guo et al. report it).
/// </summary>
public static class CalibrationError
{
    public const int DefaultBins = 15;

    /// <param name="truth">Class index per row; -1 (a class the head does not have) counts as wrong.</param>
    public static double Expected(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> truth, int classes, int bins = DefaultBins)
    {
        if (probabilities.Length != truth.Length * classes)
            throw new ArgumentException($"{probabilities.Length} probabilities for {truth.Length} rows of {classes} classes.", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (truth.Length == 0) return 0;
        var confidence = new double[bins];
        var correct = new double[bins];
        var count = new int[bins];
        for (var r = 0; r < truth.Length; r++)
        {
            var row = probabilities.Slice(r * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            var bin = Math.Min(bins - 1, (int)(row[best] * bins));
            confidence[bin] += row[best];
            correct[bin] += best == truth[r] ? 1 : 0;
            count[bin]++;
        }
        double total = 0;
        for (var b = 0; b < bins; b++) if (count[b] > 0) total += Math.Abs(correct[b] - confidence[b]);
        return total / truth.Length;
    }
}
