using System.Diagnostics;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Experiments;

/// <summary>
/// Dataset -> features (cached) -> head -> held-out report. The same split, texts and head
/// options for every recipe, so results side by side are comparable.
/// </summary>
public sealed class ExperimentRunner(FeatureExtractor extractor)
{
    public ExperimentResult Run(Dataset dataset, FeatureRecipe recipe, HeadOptions head,
        IProgress<ExtractionProgress>? embedProgress = null, IProgress<TrainingProgress>? trainProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(head);
        if (dataset.Train.Count == 0 || dataset.Test.Count == 0)
            throw new ArgumentException($"Dataset '{dataset.Name}' needs both train and test rows (has {dataset.Train.Count} / {dataset.Test.Count}).");

        var clock = Stopwatch.StartNew();
        var trainX = extractor.Extract(dataset.Train.Select(r => r.Text).ToArray(), recipe, embedProgress, cancellationToken);
        var testX = extractor.Extract(dataset.Test.Select(r => r.Text).ToArray(), recipe, embedProgress, cancellationToken);
        var secondsEmbed = clock.Elapsed.TotalSeconds;
        var windowsPerText = extractor.WindowsPerText([.. dataset.Train.Select(r => r.Text), .. dataset.Test.Select(r => r.Text)], recipe);

        clock.Restart();
        var training = HeadTrainer.Train(new TrainingSet(trainX, dataset.Train.Select(r => r.Label).ToArray()), head,
            trainProgress, cancellationToken);
        var secondsTrain = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var predicted = training.Head.Predict(testX);
        var secondsPredict = clock.Elapsed.TotalSeconds;

        var labels = training.Head.Labels.ToArray();
        // Test labels never seen in training still count (as always-wrong) rather than crash.
        var allLabels = labels.Concat(dataset.Test.Select(r => r.Label).Distinct(StringComparer.Ordinal)
            .Where(l => Array.IndexOf(labels, l) < 0).Order(StringComparer.Ordinal)).ToArray();
        var truth = dataset.Test.Select(r => Array.IndexOf(allLabels, r.Label)).ToArray();
        var report = ClassificationReport.Compute(allLabels, truth, predicted);
        return new ExperimentResult(dataset.Name, recipe.Name, recipe.Describe(), trainX.Length > 0 ? trainX[0].Length : 0,
            head.Kind, dataset.Train.Count, dataset.Test.Count, report, secondsEmbed, secondsTrain, secondsPredict,
            training.History.Count, training.Head.Training, extractor.LongText.Mode.ToString().ToLowerInvariant(), windowsPerText);
    }
}
