using System.Globalization;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// The folds and C values every label's search shares. Folds are stratified on each row's rarest label (rows
/// without a label form their own stratum), so a rare label's few rows spread over the folds instead of falling
/// into one. Above <see cref="MultiLabelOptions.CvWorkLimit"/> (rows x features x labels) one holdout replaces the
/// k folds and every other grid value is skipped, the rule of the single-label head.
/// </summary>
internal sealed record MultiLabelCvPlan(IReadOnlyList<(int[] Train, int[] Validation)> Folds, double[] Grid, string Selection)
{
    private const ulong FoldStream = 28, ThresholdStream = 29;

    public static MultiLabelCvPlan? Create(MultiLabelSet data, MultiLabelOptions options)
    {
        int n = data.Count;
        if (n < 2) return null;
        int[] strata = RarestLabelStrata(data);
        double[] grid = [.. options.InverseRegularizationGrid.Distinct().Order()];
        bool large = (long)n * data.Dimension * data.Labels.Count > options.CvWorkLimit;
        var random = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, FoldStream));
        if (large)
        {
            grid = [.. grid.Where((_, i) => i % 2 == 0)];
            var (train, holdout) = StratifiedFolds.Holdout(strata, options.CvHoldoutFraction, random);
            if (holdout.Count == 0 || train.Count == 0) return null;
            train.Sort();
            holdout.Sort();
            return new([([.. train], [.. holdout])], grid, string.Create(CultureInfo.InvariantCulture,
                $"{options.CvHoldoutFraction:P0} holdout over {grid.Length} C values per label by {options.Criterion}"));
        }
        int k = Math.Min(options.CvFolds, n);
        return new(KFolds(strata, k, random), grid, string.Create(CultureInfo.InvariantCulture,
            $"{k}-fold CV over {grid.Length} C values per label by {options.Criterion}"));
    }

    /// <summary>
    /// The k folds of the threshold pass (<see cref="MultiLabelOptions.ThresholdFolds"/>), stratified as the search's,
    /// on their own random stream so they do not depend on whether the search used a holdout.
    /// </summary>
    public static IReadOnlyList<(int[] Train, int[] Validation)> ThresholdFolds(MultiLabelSet data, MultiLabelOptions options)
    {
        var random = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, ThresholdStream));
        return KFolds(RarestLabelStrata(data), Math.Min(options.ThresholdFolds, data.Count), random);
    }

    private static (int[] Train, int[] Validation)[] KFolds(int[] strata, int k, SeededRandom random)
    {
        int[] assignment = StratifiedFolds.Assign(strata, k, random);
        return [.. Enumerable.Range(0, k).Select(f => StratifiedFolds.Split(assignment, f))];
    }

    /// <summary>Per row, the index of its least frequent label (ties: the lower index), or the label count for none.</summary>
    private static int[] RarestLabelStrata(MultiLabelSet data)
    {
        int[] counts = data.PositiveCounts();
        var strata = new int[data.Count];
        for (int r = 0; r < data.Count; r++)
        {
            int best = data.Labels.Count;
            foreach (int l in data.LabelsOf(r))
                if (best == data.Labels.Count || counts[l] < counts[best]) best = l;
            strata[r] = best;
        }
        return strata;
    }
}
