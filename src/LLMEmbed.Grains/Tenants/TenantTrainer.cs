using System.Buffers.Binary;
using System.Globalization;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Core.Scope;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One training run, off the Orleans scheduler: loads the acknowledged examples, splits a seeded
/// stratified holdout, trains a candidate with Core's HeadTrainer on the rest, and scores it and the active
/// head on the same holdout (the grain's promote rule reads those scores); the head handed back is then
/// refit the same way on every acknowledged example, so no labelled row is wasted. Full runs train from scratch. Incremental runs update the active head with
/// <see cref="HeadTrainer.Update"/> on the examples added since it was trained (plus a replay sample of
/// the older ones); when that set is unknown or empty they warm-start a full pass instead. Heads are
/// trained on class keys (<see cref="ContractMapping.ToClassKey"/>) so renames never invalidate them.
/// The same holdout fits the head's guard (<see cref="HeadGuardFit"/>): its temperature and scope threshold.
/// </summary>
internal static class TenantTrainer
{
    public static async Task<TrainingOutcome> RunAsync(TrainingInput input, TenantStore store, Action<double> progress, CancellationToken ct)
    {
        var (rows, keys, isNew) = await LoadAsync(input, store, ct);
        progress(0.2);
        var (train, holdout) = StratifiedHoldout(keys, input.Options.HoldoutFraction, input.Options.Seed);
        var all = Enumerable.Range(0, rows.Length).ToArray();

        var kind = input.Request.Head.ToCore();
        var options = new HeadOptions(kind) { Seed = input.Options.Seed, MaxDegreeOfParallelism = input.Threads };
        var warm = input.Request.Mode == TrainingMode.Incremental && input.Active is { } active && active.Kind == kind ? active : null;
        // The candidate trained without the holdout decides promotion; the head shipped is refit the same way on every row.
        var candidate = Fit(train, rows, keys, isNew, input, options, warm, p => progress(0.2 + 0.35 * p), ct);
        progress(0.55);

        var holdoutRows = holdout.Select(i => rows[i]).ToArray();
        var truth = holdout.Select(i => keys[i]).ToArray();
        var scoredBy = string.Create(CultureInfo.InvariantCulture,
            $"holdout of {holdout.Length} rows scored a head trained on the other {train.Length}; the head kept is refit on all {rows.Length}");
        var metrics = Score(candidate, holdoutRows, truth, input.Labels, scoredBy);
        var activeMetrics = input.Active is null ? null : Score(input.Active, holdoutRows, truth, input.Labels, "holdout, active head");
        var guard = FitGuard(candidate, rows, keys, train, holdout, input);
        var head = holdout.Length == 0 ? candidate : Fit(all, rows, keys, isNew, input, options, warm, p => progress(0.55 + 0.4 * p), ct);
        progress(0.95);
        return new TrainingOutcome(head, metrics, activeMetrics, input.ActiveVersion, rows.Length, input.Request.Force,
            input.SegmentCounts,
            new HeadCalibration(guard.Temperature, guard.EceBefore, guard.EceAfter, guard.CalibrationRows),
            new HeadScope(guard.Threshold, guard.TargetCoverage, guard.Coverage, guard.Reference.Count, guard.Reference.Neighbours),
            ReferenceRowsSerializer.ToBytes(guard.Reference), Task: input.Task);
    }

    private static HeadGuard FitGuard(Head candidate, float[][] rows, string[] keys, int[] train, int[] holdout, TrainingInput input)
    {
        var guard = new GuardOptions
        {
            TargetCoverage = input.ScopeTargetCoverage, ReferenceRows = input.Options.ScopeReferenceRows,
            Neighbours = input.Options.ScopeNeighbours, Seed = input.Options.Seed,
        };
        return HeadGuardFit.Fit(candidate, train.Select(i => rows[i]).ToArray(), train.Select(i => keys[i]).ToArray(),
            holdout.Select(i => rows[i]).ToArray(), holdout.Select(i => keys[i]).ToArray(), rows, keys, guard);
    }

    /// <summary>
    /// Trains on <paramref name="use"/>: an incremental update of <paramref name="warm"/> on its new rows (old ones replayed)
    /// when there are any, else a full pass (warm-started when <paramref name="warm"/> is set). Reports progress in 0..1.
    /// </summary>
    private static Head Fit(int[] use, float[][] rows, string[] keys, bool[] isNew, TrainingInput input, HeadOptions options, Head? warm,
        Action<double> progress, CancellationToken ct)
    {
        var fresh = use.Where(i => isNew[i]).ToArray();
        if (warm is not null && input.ActiveTrainedThrough is not null && fresh.Length > 0)
        {
            var old = use.Where(i => !isNew[i]).ToArray();
            var steps = new Progress<TrainingProgress>(p => progress(Math.Min(1, (double)p.Epoch / options.IncrementalEpochs)));
            return HeadTrainer.Update(warm, Subset(rows, keys, fresh), old.Length == 0 ? null : Subset(rows, keys, old), options, steps, ct).Head;
        }
        var epochs = new Progress<TrainingProgress>(p => progress(Math.Min(1, (double)p.Epoch / options.MaxEpochs)));
        return HeadTrainer.Train(Subset(rows, keys, use), options, epochs, ct, warm).Head;
    }

    private static TrainingSet Subset(float[][] rows, string[] keys, int[] indices) =>
        new(indices.Select(i => rows[i]).ToArray(), indices.Select(i => keys[i]).ToArray());

    /// <summary>
    /// The acknowledged rows of every segment whose label is not retired, each flagged new when it lies
    /// past what the active head was trained on (segments only grow, so positions identify rows).
    /// </summary>
    private static async Task<(float[][] Rows, string[] Keys, bool[] IsNew)> LoadAsync(TrainingInput input, TenantStore store, CancellationToken ct)
    {
        var rows = new List<float[]>();
        var keys = new List<string>();
        var isNew = new List<bool>();
        var seen = input.ActiveTrainedThrough ?? [];
        for (var s = 0; s < input.SegmentCounts.Length; s++)
        {
            ct.ThrowIfCancellationRequested();
            var (segment, _) = await store.ReadSegmentAsync(s, input.SegmentCounts[s]);
            for (var r = 0; r < segment.Count; r++)
            {
                var label = TaskRowReader.LabelKey(segment, input.Task, r);
                if (label < 0 || input.Labels[label].Retired) continue; // sentinels: unlabelled, deleted, out of scope
                rows.Add(ReadRow(segment.Features, r, segment.Dimension));
                keys.Add(ContractMapping.ToClassKey(label));
                isNew.Add(r >= (s < seen.Length ? seen[s] : 0));
            }
        }
        return (rows.ToArray(), keys.ToArray(), isNew.ToArray());
    }

    public static float[] ReadRow(byte[] features, int row, int dimension)
    {
        var values = new float[dimension];
        var bytes = features.AsSpan(row * dimension * sizeof(float), dimension * sizeof(float));
        for (var i = 0; i < dimension; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    /// <summary>Core's stratified holdout over label keys (ordinal order), rows ascending.</summary>
    internal static (int[] Train, int[] Holdout) StratifiedHoldout(string[] keys, double fraction, int seed)
    {
        var labels = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classes = keys.Select(k => labels.BinarySearch(k, StringComparer.Ordinal)).ToArray();
        var (train, holdout) = StratifiedFolds.Holdout(classes, fraction, new SeededRandom(unchecked((ulong)seed)));
        train.Sort();
        holdout.Sort();
        return (train.ToArray(), holdout.ToArray());
    }

    /// <summary>Accuracy, macro-F1 and confusion on the holdout.</summary>
    private static HoldoutMetrics Score(Head head, float[][] rows, string[] truth, LabelInfo[] labels, string scoredBy)
    {
        var predicted = head.Predict(rows).Select(p => head.Labels[p]).ToArray();
        return ClassificationReport.Compute(truth, predicted).ToHoldoutMetrics(labels, scoredBy);
    }
}
