using System.Diagnostics;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Experiments;

/// <summary>
/// Multi-label dataset -> features (cached) -> <see cref="MultiLabelTrainer"/> -> test scores. Macro-F1 is over the
/// dataset's categories, which are also the head's labels, so every run scores the same label set.
/// </summary>
public static class MultiLabelExperiment
{
    public static MultiLabelExperimentResult Run(FeatureExtractor extractor, MultiLabelDataset dataset, FeatureRecipe recipe,
        MultiLabelOptions options, IProgress<ExtractionProgress>? embedProgress = null, IProgress<double>? trainProgress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(recipe);
        var clock = Stopwatch.StartNew();
        var train = extractor.Extract([.. dataset.Train.Select(r => r.Text)], recipe, embedProgress, ct);
        var test = extractor.Extract([.. dataset.Test.Select(r => r.Text)], recipe, embedProgress, ct);
        double secondsEmbed = clock.Elapsed.TotalSeconds;
        return Run(dataset, recipe.Name, train, test, options, trainProgress, ct) with { SecondsEmbed = secondsEmbed };
    }

    /// <summary>The same on features already extracted (row i of <paramref name="train"/> is dataset.Train[i]).</summary>
    public static MultiLabelExperimentResult Run(MultiLabelDataset dataset, string features, IReadOnlyList<float[]> train,
        IReadOnlyList<float[]> test, MultiLabelOptions options, IProgress<double>? trainProgress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        if (dataset.Train.Count == 0 || dataset.Test.Count == 0)
            throw new ArgumentException($"Dataset '{dataset.Name}' needs both train and test rows (has {dataset.Train.Count} / {dataset.Test.Count}).");
        if (train.Count != dataset.Train.Count || test.Count != dataset.Test.Count)
            throw new ArgumentException($"Need one feature row per example: {train.Count} / {dataset.Train.Count} train, {test.Count} / {dataset.Test.Count} test.");

        var clock = Stopwatch.StartNew();
        var set = new MultiLabelSet(train, [.. dataset.Train.Select(r => r.Labels)], dataset.Labels);
        var head = MultiLabelTrainer.Train(set, options, trainProgress, ct);
        double secondsTrain = clock.Elapsed.TotalSeconds;

        var probabilities = Probabilities(head, test);
        IReadOnlyList<IReadOnlyCollection<string>> truth = [.. dataset.Test.Select(r => (IReadOnlyCollection<string>)r.Labels)];
        var report = MultiLabelReport.Compute(truth, Decide(head, probabilities, test.Count), dataset.Labels);
        var atDefault = head.WithThresholds([.. Enumerable.Repeat((float)options.DefaultThreshold, head.LabelCount)]);
        var reportAtDefault = MultiLabelReport.Compute(truth, Decide(atDefault, probabilities, test.Count), dataset.Labels);
        return new MultiLabelExperimentResult(dataset.Name, features, set.Dimension, train.Count, test.Count, dataset.Labels,
            report, reportAtDefault, 0, secondsTrain, head);
    }

    private static float[] Probabilities(MultiLabelHead head, IReadOnlyList<float[]> rows)
    {
        var matrix = new float[(long)rows.Count * head.InputDim];
        for (int r = 0; r < rows.Count; r++)
            rows[r].CopyTo(matrix.AsSpan(r * head.InputDim, head.InputDim));
        return head.PredictProbabilities(matrix, rows.Count);
    }

    private static IReadOnlyList<IReadOnlyCollection<string>> Decide(MultiLabelHead head, float[] probabilities, int rows) =>
        [.. Enumerable.Range(0, rows).Select(r => (IReadOnlyCollection<string>)head.LabelsOver(probabilities.AsSpan(r * head.LabelCount, head.LabelCount)))];
}
