namespace LLMEmbed.Core.Heads;

/// <summary>
/// Training options of a head. Defaults depend on <see cref="Kind"/> and are set when the record is
/// created (<c>new HeadOptions(HeadKind.Mlp)</c>); a later <c>with { Kind = ... }</c> does not re-derive them.
/// </summary>
/// <remarks>
/// Objective: mean softmax cross-entropy plus (L2 / 2) * sum of squared weights (biases are not penalised);
/// L-BFGS fits two classes as one weight vector (binary log-loss), as scikit-learn does.
/// Softmax regression defaults to full-batch L-BFGS run to the optimum, with L2 chosen by stratified
/// cross-validation; the MLP uses mini-batch Adam (lr 1e-3, batch 256; the paper used lr 1e-4, batch 1024)
/// with early stopping on a stratified validation split, L2 and dropout chosen on that split.
/// </remarks>
public sealed record HeadOptions(HeadKind Kind = HeadKind.LogReg)
{
    /// <summary>Hidden layer widths (MLP only; must be empty for LogReg). Paper: 1024, 256.</summary>
    public IReadOnlyList<int> HiddenWidths { get; init; } = Kind == HeadKind.Mlp ? [1024, 256] : [];

    /// <summary>
    /// Dropout probability after each hidden layer (inverted dropout, training only). Null (the MLP default)
    /// lets training choose it from <see cref="MlpDropoutGrid"/> on the validation split.
    /// </summary>
    public float? Dropout { get; init; } = Kind == HeadKind.Mlp ? null : 0f;

    /// <summary>Optimiser: full-batch L-BFGS (softmax regression only, the default there) or mini-batch Adam.</summary>
    public HeadSolver Solver { get; init; } = Kind == HeadKind.LogReg ? HeadSolver.Lbfgs : HeadSolver.Adam;

    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>
    /// L2 penalty coefficient on weights (not biases). Null (the default) lets training choose it: for L-BFGS
    /// softmax regression by stratified cross-validation over <see cref="InverseRegularizationGrid"/>, for the
    /// MLP from <see cref="MlpL2Grid"/> on the validation split.
    /// </summary>
    public float? L2 { get; init; }

    /// <summary>
    /// scikit-learn's C values searched for softmax regression, weakest regularisation last. Its objective
    /// C * sum(loss) + ||w||^2 / 2 equals ours (mean loss + l2/2 ||w||^2) at l2 = 1 / (C * n) for n fitted rows;
    /// for two classes both sides fit one weight vector, for more one row per class.
    /// Default: 10 values log-spaced over 1e-4 .. 1e2.
    /// </summary>
    public IReadOnlyList<double> InverseRegularizationGrid { get; init; } =
        [.. Enumerable.Range(0, 10).Select(i => Math.Pow(10, -4 + 6.0 * i / 9))];

    /// <summary>Folds of the L2 search; with fewer rows per class than this, the smallest class's count (at least 2).</summary>
    public int CvFolds { get; init; } = 5;

    /// <summary>
    /// Above this many rows x features x weight rows (1 for two classes, else the class count), the L2 search scores one stratified holdout of
    /// <see cref="CvHoldoutFraction"/> instead of k folds and skips every other grid value, so a 50k-row
    /// retrain stays within its training-time target.
    /// </summary>
    public long CvWorkLimit { get; init; } = 64_000_000;

    /// <summary>Share of the rows held out when the search uses a single holdout.</summary>
    public double CvHoldoutFraction { get; init; } = 0.2;

    /// <summary>L-BFGS iterations per grid value during the search (each starts from the previous value's optimum).</summary>
    public int CvMaxIterations { get; init; } = 100;

    /// <summary>L-BFGS iterations of the final fit on all training rows.</summary>
    public int LbfgsMaxIterations { get; init; } = 1000;

    /// <summary>L-BFGS stops when the largest absolute gradient component is at most this.</summary>
    public double LbfgsGradientTolerance { get; init; } = 1e-5;

    /// <summary>L2 values tried for the MLP when <see cref="L2"/> is null.</summary>
    public IReadOnlyList<float> MlpL2Grid { get; init; } = [1e-4f, 1e-2f];

    /// <summary>Dropout values tried for the MLP when <see cref="Dropout"/> is null.</summary>
    public IReadOnlyList<float> MlpDropoutGrid { get; init; } = [0.2f, 0.5f];

    /// <summary>
    /// Above this many training rows the MLP's L2 x dropout search is a successive halving: every grid point trains
    /// <see cref="MlpHalvingExamples"/> examples' worth of epochs, then only the best (same criterion as the full
    /// search) trains on to early stopping, continuing where it was. At 50k rows a full grid would cost one whole
    /// training per point (4x); smaller sets keep the full search.
    /// </summary>
    public int MlpHalvingRows { get; init; } = 20_000;

    /// <summary>Training examples each grid point sees before the halving keeps one (at least one epoch): 3 epochs at 45k rows.</summary>
    public int MlpHalvingExamples { get; init; } = 100_000;

    public int BatchSize { get; init; } = 256;

    public int MaxEpochs { get; init; } = Kind == HeadKind.Mlp ? 100 : 200;

    /// <summary>Epochs without a new best validation loss before training stops (best weights are restored).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>
    /// Caps the patience by training examples seen: on a large set one epoch is hundreds of optimiser steps,
    /// so waiting <see cref="Patience"/> whole epochs for an improvement makes a large retrain many times
    /// dearer for ever smaller gains. The effective patience is min(Patience, max(2, ceil(this / training
    /// rows))) epochs: 10 epochs up to 10k rows, 3 at 45k. 0 turns the cap off.
    /// </summary>
    public int PatienceExamples { get; init; } = 100_000;

    /// <summary>
    /// An epoch resets the patience counter only if it lowers the best monitored loss by more than this
    /// (absolute, like scikit-learn's tol); the restored weights are still those of the lowest loss seen.
    /// Without it, slowly creeping losses on separable data keep training running to MaxEpochs.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Stratified share of the data held out for early stopping; 0 monitors the training loss instead.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Fixes the split, initialisation, shuffling and dropout: same seed and data give identical heads.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Threads used over a batch. Results do not depend on it: every output value is reduced in a fixed order.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Standardise features (z-scores fitted on the training split) before the first layer.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Epochs of <see cref="HeadTrainer.Update"/> over the new examples plus the replay sample.</summary>
    public int IncrementalEpochs { get; init; } = 20;

    /// <summary>
    /// Learning rate of <see cref="HeadTrainer.Update"/>. An update sees a few dozen to a few hundred rows,
    /// one or two batches at <see cref="BatchSize"/>: at the full-training rate a new label's zero row
    /// would barely move in that many steps.
    /// </summary>
    public float IncrementalLearningRate { get; init; } = 1e-2f;

    /// <summary>Largest batch of <see cref="HeadTrainer.Update"/> (the smaller of this and <see cref="BatchSize"/>).</summary>
    public int IncrementalBatchSize { get; init; } = 32;

    /// <summary>
    /// <see cref="HeadTrainer.Update"/> replays this many old examples per new example (drawn at random,
    /// without replacement) so an update does not forget the classes it was not shown.
    /// </summary>
    public double ReplayRatio { get; init; } = 1.0;

    /// <summary>Epochs without a significant improvement before training stops, for a training split of <paramref name="trainingRows"/>.</summary>
    public int EffectivePatience(int trainingRows) =>
        PatienceExamples == 0 || trainingRows == 0
            ? Patience
            : Math.Min(Patience, Math.Max(2, (int)Math.Ceiling((double)PatienceExamples / trainingRows)));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
            throw new ArgumentException($"HeadOptions.Kind {Kind} is not a known head kind.");
        ArgumentNullException.ThrowIfNull(HiddenWidths, "HeadOptions.HiddenWidths");
        if (Kind == HeadKind.LogReg && HiddenWidths.Count > 0)
            throw new ArgumentException("HeadOptions.HiddenWidths must be empty for a LogReg head.");
        if (Kind == HeadKind.Mlp && HiddenWidths.Count == 0)
            throw new ArgumentException("HeadOptions.HiddenWidths must name at least one hidden layer for an Mlp head.");
        foreach (int width in HiddenWidths)
            if (width <= 0)
                throw new ArgumentException($"HeadOptions.HiddenWidths contains {width}; widths must be positive.");
        if (Dropout is { } dropout && !(dropout >= 0f && dropout < 1f))
            throw new ArgumentException($"HeadOptions.Dropout must be in [0, 1), got {dropout}.");
        if (!Enum.IsDefined(Solver))
            throw new ArgumentException($"HeadOptions.Solver {Solver} is not a known solver.");
        if (Solver == HeadSolver.Lbfgs && Kind != HeadKind.LogReg)
            throw new ArgumentException("HeadOptions.Solver Lbfgs trains LogReg heads only; the MLP uses Adam.");
        ArgumentNullException.ThrowIfNull(InverseRegularizationGrid, "HeadOptions.InverseRegularizationGrid");
        if (InverseRegularizationGrid.Count == 0 || InverseRegularizationGrid.Any(c => !(double.IsFinite(c) && c > 0)))
            throw new ArgumentException("HeadOptions.InverseRegularizationGrid must hold finite positive C values.");
        ArgumentNullException.ThrowIfNull(MlpL2Grid, "HeadOptions.MlpL2Grid");
        ArgumentNullException.ThrowIfNull(MlpDropoutGrid, "HeadOptions.MlpDropoutGrid");
        if (MlpL2Grid.Count == 0 || MlpL2Grid.Any(v => !(float.IsFinite(v) && v >= 0f)))
            throw new ArgumentException("HeadOptions.MlpL2Grid must hold finite non-negative values.");
        if (MlpDropoutGrid.Count == 0 || MlpDropoutGrid.Any(v => !(v >= 0f && v < 1f)))
            throw new ArgumentException("HeadOptions.MlpDropoutGrid values must be in [0, 1).");
        if (MlpHalvingRows < 0 || MlpHalvingExamples <= 0)
            throw new ArgumentException($"HeadOptions.MlpHalvingRows must be non-negative and MlpHalvingExamples positive, got {MlpHalvingRows} and {MlpHalvingExamples}.");
        if (CvFolds < 2)
            throw new ArgumentException($"HeadOptions.CvFolds must be at least 2, got {CvFolds}.");
        if (CvWorkLimit <= 0)
            throw new ArgumentException($"HeadOptions.CvWorkLimit must be positive, got {CvWorkLimit}.");
        if (!(CvHoldoutFraction > 0 && CvHoldoutFraction < 1))
            throw new ArgumentException($"HeadOptions.CvHoldoutFraction must be in (0, 1), got {CvHoldoutFraction}.");
        if (CvMaxIterations <= 0 || LbfgsMaxIterations <= 0)
            throw new ArgumentException("HeadOptions.CvMaxIterations and LbfgsMaxIterations must be positive.");
        if (!(double.IsFinite(LbfgsGradientTolerance) && LbfgsGradientTolerance > 0))
            throw new ArgumentException($"HeadOptions.LbfgsGradientTolerance must be finite and positive, got {LbfgsGradientTolerance}.");
        if (!(float.IsFinite(LearningRate) && LearningRate > 0f))
            throw new ArgumentException($"HeadOptions.LearningRate must be finite and positive, got {LearningRate}.");
        if (L2 is { } l2 && !(float.IsFinite(l2) && l2 >= 0f))
            throw new ArgumentException($"HeadOptions.L2 must be finite and non-negative, got {l2}.");
        if (BatchSize <= 0)
            throw new ArgumentException($"HeadOptions.BatchSize must be positive, got {BatchSize}.");
        if (MaxEpochs <= 0)
            throw new ArgumentException($"HeadOptions.MaxEpochs must be positive, got {MaxEpochs}.");
        if (Patience <= 0)
            throw new ArgumentException($"HeadOptions.Patience must be positive, got {Patience}.");
        if (PatienceExamples < 0)
            throw new ArgumentException($"HeadOptions.PatienceExamples must be non-negative, got {PatienceExamples}.");
        if (!(double.IsFinite(Tolerance) && Tolerance >= 0))
            throw new ArgumentException($"HeadOptions.Tolerance must be finite and non-negative, got {Tolerance}.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentException($"HeadOptions.ValidationFraction must be in [0, 1), got {ValidationFraction}.");
        if (MaxDegreeOfParallelism <= 0)
            throw new ArgumentException($"HeadOptions.MaxDegreeOfParallelism must be positive, got {MaxDegreeOfParallelism}.");
        if (IncrementalEpochs <= 0)
            throw new ArgumentException($"HeadOptions.IncrementalEpochs must be positive, got {IncrementalEpochs}.");
        if (!(float.IsFinite(IncrementalLearningRate) && IncrementalLearningRate > 0f))
            throw new ArgumentException($"HeadOptions.IncrementalLearningRate must be finite and positive, got {IncrementalLearningRate}.");
        if (IncrementalBatchSize <= 0)
            throw new ArgumentException($"HeadOptions.IncrementalBatchSize must be positive, got {IncrementalBatchSize}.");
        if (!(double.IsFinite(ReplayRatio) && ReplayRatio >= 0))
            throw new ArgumentException($"HeadOptions.ReplayRatio must be finite and non-negative, got {ReplayRatio}.");
    }

    /// <summary>One-line description stored with a trained head.</summary>
    public string Summary() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Kind} solver={Solver} hidden=[{string.Join(",", HiddenWidths)}] dropout={Dropout?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "cv"} lr={LearningRate} l2={L2?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "cv"} batch={BatchSize} maxEpochs={MaxEpochs} patience={Patience} patienceExamples={PatienceExamples} tol={Tolerance} val={ValidationFraction} seed={Seed} standardize={Standardize}");
}
