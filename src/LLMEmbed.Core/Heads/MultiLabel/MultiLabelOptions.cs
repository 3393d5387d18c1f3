using System.Globalization;

namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Training options of a <see cref="MultiLabelHead"/>: one-vs-rest binary logistic heads, each label's C chosen by
/// cross-validation (<see cref="Criterion"/>), each label's threshold tuned on the out-of-fold probabilities.
/// Grid, folds and work bound mean what they mean in <see cref="HeadOptions"/>.
/// </summary>
public sealed record MultiLabelOptions
{
    /// <summary>Fixes the folds: same seed and data give identical heads.</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Standardise features (z-scores fitted on all training rows), as the single-label head does by default.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>scikit-learn C values searched per label (l2 = 1 / (C n)); default as <see cref="HeadOptions.InverseRegularizationGrid"/>.</summary>
    public IReadOnlyList<double> InverseRegularizationGrid { get; init; } = new HeadOptions().InverseRegularizationGrid;

    /// <summary>Folds of the C search (fewer when there are fewer rows, at least 2).</summary>
    public int CvFolds { get; init; } = 5;

    /// <summary>
    /// Above this many rows x features x labels the search scores one holdout of <see cref="CvHoldoutFraction"/>
    /// instead of k folds and skips every other grid value (as <see cref="HeadOptions.CvWorkLimit"/>, with one
    /// weight row per label). Reuters-90 (7.2k rows x 1,152 x 94) is far above it.
    /// </summary>
    public long CvWorkLimit { get; init; } = new HeadOptions().CvWorkLimit;

    /// <summary>Share of the rows held out when the search uses a single holdout.</summary>
    public double CvHoldoutFraction { get; init; } = 0.2;

    /// <summary>How each label's C is chosen.</summary>
    public MultiLabelCriterion Criterion { get; init; } = MultiLabelCriterion.LogLoss;

    /// <summary>Threshold of labels too rare to tune (and of constant labels).</summary>
    public double DefaultThreshold { get; init; } = 0.5;

    /// <summary>
    /// A label's threshold is tuned only if its held-out rows (out-of-fold rows: all rows under k folds, the holdout
    /// otherwise) hold at least this many positives; an F1 optimum over fewer is mostly noise. Default 5.
    /// </summary>
    public int MinPositivesToTune { get; init; } = 5;

    /// <summary>
    /// When the C search scored a single holdout, each label is refitted at its chosen C on this many folds and its
    /// threshold tuned on the out-of-fold probabilities of every training row (not only the holdout's). 0 tunes on
    /// the holdout. Ignored under k-fold search, whose out-of-fold rows already cover every row.
    /// </summary>
    public int ThresholdFolds { get; init; } = 5;

    /// <summary>
    /// Share of the tuned move kept: threshold = default + weight x (F1 optimum - default). 1 keeps the optimum,
    /// 0 always uses <see cref="DefaultThreshold"/>; in between shrinks a noisy optimum toward the default.
    /// Default 0.5: on Reuters-90 the full optimum lost micro-F1 to 0.5 on test, the halfway point gained (docs/multilabel.md).
    /// </summary>
    public double TunedThresholdWeight { get; init; } = 0.5;

    /// <summary>Uses this C for every label and skips the search (thresholds then come from <see cref="DefaultThreshold"/>).</summary>
    public double? FixedC { get; init; }

    /// <summary>Labels fitted at once; each fit is single-threaded, so results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>L-BFGS iterations per grid value during the search (each starts from the previous value's optimum).</summary>
    public int CvMaxIterations { get; init; } = 100;

    /// <summary>L-BFGS iterations of each label's final fit on all rows.</summary>
    public int LbfgsMaxIterations { get; init; } = 1000;

    /// <summary>L-BFGS stops when the largest absolute gradient component is at most this.</summary>
    public double LbfgsGradientTolerance { get; init; } = 1e-5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(InverseRegularizationGrid, "MultiLabelOptions.InverseRegularizationGrid");
        if (InverseRegularizationGrid.Count == 0 || InverseRegularizationGrid.Any(c => !(double.IsFinite(c) && c > 0)))
            throw new ArgumentException("MultiLabelOptions.InverseRegularizationGrid must hold at least one finite positive C value.");
        if (CvFolds < 2)
            throw new ArgumentException($"MultiLabelOptions.CvFolds must be at least 2, got {CvFolds}.");
        if (CvWorkLimit <= 0)
            throw new ArgumentException($"MultiLabelOptions.CvWorkLimit must be positive, got {CvWorkLimit}.");
        if (!(CvHoldoutFraction > 0 && CvHoldoutFraction < 1))
            throw new ArgumentException($"MultiLabelOptions.CvHoldoutFraction must be in (0, 1), got {CvHoldoutFraction}.");
        if (!Enum.IsDefined(Criterion))
            throw new ArgumentException($"MultiLabelOptions.Criterion {Criterion} is not a known criterion.");
        if (!(DefaultThreshold > 0 && DefaultThreshold < 1))
            throw new ArgumentException($"MultiLabelOptions.DefaultThreshold must be in (0, 1), got {DefaultThreshold}.");
        if (MinPositivesToTune < 1)
            throw new ArgumentException($"MultiLabelOptions.MinPositivesToTune must be at least 1, got {MinPositivesToTune}.");
        if (ThresholdFolds is < 0 or 1)
            throw new ArgumentException($"MultiLabelOptions.ThresholdFolds must be 0 (off) or at least 2, got {ThresholdFolds}.");
        if (!(TunedThresholdWeight >= 0 && TunedThresholdWeight <= 1))
            throw new ArgumentException($"MultiLabelOptions.TunedThresholdWeight must be in [0, 1], got {TunedThresholdWeight}.");
        if (FixedC is { } c && !(double.IsFinite(c) && c > 0))
            throw new ArgumentException($"MultiLabelOptions.FixedC must be finite and positive, got {c}.");
        if (MaxDegreeOfParallelism <= 0)
            throw new ArgumentException($"MultiLabelOptions.MaxDegreeOfParallelism must be positive, got {MaxDegreeOfParallelism}.");
        if (CvMaxIterations <= 0)
            throw new ArgumentException($"MultiLabelOptions.CvMaxIterations must be positive, got {CvMaxIterations}.");
        if (LbfgsMaxIterations <= 0)
            throw new ArgumentException($"MultiLabelOptions.LbfgsMaxIterations must be positive, got {LbfgsMaxIterations}.");
        if (!(double.IsFinite(LbfgsGradientTolerance) && LbfgsGradientTolerance > 0))
            throw new ArgumentException($"MultiLabelOptions.LbfgsGradientTolerance must be finite and positive, got {LbfgsGradientTolerance}.");
    }

    /// <summary>One-line description of the options.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"ovr-logreg seed={Seed} standardize={Standardize} grid={InverseRegularizationGrid.Count} folds={CvFolds} workLimit={CvWorkLimit} holdout={CvHoldoutFraction} criterion={Criterion} defaultThreshold={DefaultThreshold} minPositives={MinPositivesToTune} thresholdFolds={ThresholdFolds} thresholdWeight={TunedThresholdWeight} c={FixedC?.ToString(CultureInfo.InvariantCulture) ?? "cv"}");
}
