using System.Globalization;
using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One multi-label task's training run, off the Orleans scheduler, the way <see cref="TenantTrainer"/> runs single-label
/// ones: rows labelled for the task are loaded (a row labelled "none of these" is a negative for every label), a seeded
/// holdout scores a candidate trained on the rest (and the active head, for promotion), and the head kept is Core's
/// <see cref="MultiLabelTrainer"/> refit on every row. Heads are trained on class keys (label positions), so renames keep
/// them; retired labels are left out. Every run is a full one: one-vs-rest heads are cheap to refit, and the refit
/// re-tunes every label's threshold.
/// </summary>
internal static class MultiLabelTaskTrainer
{
    public static async Task<TrainingOutcome> RunAsync(TrainingInput input, TenantStore store, MultiLabelHead? active, Action<double> progress,
        CancellationToken ct)
    {
        var labels = input.Labels.Select((l, i) => (l, i)).Where(x => !x.l.Retired).Select(x => ContractMapping.ToClassKey(x.i)).ToArray();
        var (rows, sets) = await LoadAsync(input, store, new HashSet<string>(labels, StringComparer.Ordinal), ct);
        progress(0.2);
        var (trainList, holdoutList) = StratifiedFolds.Holdout(new int[rows.Length], input.Options.HoldoutFraction,
            new SeededRandom(unchecked((ulong)input.Options.Seed)));
        trainList.Sort();
        holdoutList.Sort();
        int[] train = [.. trainList], holdout = [.. holdoutList];
        var options = new MultiLabelOptions { Seed = input.Options.Seed, MaxDegreeOfParallelism = input.Threads };

        var candidate = MultiLabelTrainer.Train(Subset(rows, sets, train, labels), options, new Progress<double>(p => progress(0.2 + 0.35 * p)), ct);
        var scoredBy = string.Create(CultureInfo.InvariantCulture,
            $"holdout of {holdout.Length} rows scored a head trained on the other {train.Length}; the head kept is refit on all {rows.Length}");
        var metrics = Score(candidate, rows, sets, holdout, input.Labels, scoredBy);
        var activeMetrics = active is null || holdout.Length == 0 ? null : Score(active, rows, sets, holdout, input.Labels, "holdout, active head");
        var head = holdout.Length == 0
            ? candidate
            : MultiLabelTrainer.Train(Subset(rows, sets, [.. Enumerable.Range(0, rows.Length)], labels), options,
                new Progress<double>(p => progress(0.55 + 0.4 * p)), ct);
        progress(0.95);
        return new TrainingOutcome(null, metrics, activeMetrics, input.ActiveVersion, rows.Length, input.Request.Force, input.SegmentCounts,
            MultiLabelHead: MultiLabelHeadSerializer.ToBytes(head), Task: input.Task);
    }

    /// <summary>Every acknowledged row labelled for the task, with its active labels' class keys.</summary>
    private static async Task<(float[][] Rows, string[][] Sets)> LoadAsync(TrainingInput input, TenantStore store, HashSet<string> active, CancellationToken ct)
    {
        var rows = new List<float[]>();
        var sets = new List<string[]>();
        for (var s = 0; s < input.SegmentCounts.Length; s++)
        {
            ct.ThrowIfCancellationRequested();
            var (segment, _) = await store.ReadSegmentAsync(s, input.SegmentCounts[s]);
            for (var r = 0; r < segment.Count; r++)
            {
                if (TaskRowReader.LabelSet(segment, input.Task, r) is not { } keys) continue;
                rows.Add(TenantTrainer.ReadRow(segment.Features, r, segment.Dimension));
                sets.Add(keys.Select(ContractMapping.ToClassKey).Where(active.Contains).ToArray());
            }
        }
        return (rows.ToArray(), sets.ToArray());
    }

    private static MultiLabelSet Subset(float[][] rows, string[][] sets, int[] use, string[] labels) =>
        new(use.Select(i => rows[i]).ToArray(), use.Select(i => (IReadOnlyList<string>)sets[i]).ToArray(), labels);

    /// <summary>Micro/macro-F1, exact match and per-label scores of <paramref name="head"/> on the holdout rows, over the head's labels.</summary>
    internal static HoldoutMetrics Score(MultiLabelHead head, float[][] rows, string[][] sets, int[] holdout, LabelInfo[] labels, string scoredBy)
    {
        var known = new HashSet<string>(head.Labels, StringComparer.Ordinal);
        var flat = holdout.SelectMany(i => rows[i]).ToArray();
        var probabilities = head.PredictProbabilities(flat, holdout.Length);
        var predicted = new List<IReadOnlyCollection<string>>(holdout.Length);
        for (var r = 0; r < holdout.Length; r++)
        {
            var decided = head.Decide(probabilities.AsSpan(r * head.LabelCount, head.LabelCount));
            predicted.Add(head.Labels.Where((_, l) => decided[l]).ToArray());
        }
        var truth = holdout.Select(i => (IReadOnlyCollection<string>)sets[i].Where(known.Contains).ToArray()).ToArray();
        var report = MultiLabelReport.Compute(truth, predicted, head.Labels);
        string Name(string key) => labels[ContractMapping.ToLabelIndex(key)].Name;
        var perLabel = report.PerLabel.Select(s => new LabelMetrics(Name(s.Label), s.Precision, s.Recall, s.F1, s.Support,
            head.Thresholds[head.Labels.ToList().IndexOf(s.Label)])).ToArray();
        return new HoldoutMetrics(report.ExactMatch, report.MacroF1, holdout.Length, head.Labels.Select(Name).ToArray(), [], scoredBy,
            report.MicroF1, report.ExactMatch, perLabel);
    }
}
