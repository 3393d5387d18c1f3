using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Export;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>
/// `llmembed compare`: our default softmax regression and scikit-learn's LogisticRegressionCV on the same
/// exported features, in the same run: accuracy and training seconds side by side.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var features = FeaturesOption.Create(RecipeCatalog.Layers);
        var output = new Option<string?>("--out") { Description = "Keep the feature export in this folder (default: a temporary one, removed after)" };
        var command = new Command("compare", "Our default logreg head vs scikit-learn LogisticRegressionCV on the same features");
        options.AddTo(command);
        command.Options.Add(features);
        command.Options.Add(output);
        var thresholds = MultiLabelThresholdOptions.AddTo(command);
        command.SetAction(p =>
        {
            if (options.IsMultiLabel(p)) return MultiLabelCompare.Run(p, options, features, output, thresholds);
            var dataset = options.LoadDataset(p);
            var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
            using var extractor = options.CreateExtractor(p);
            var (train, test) = FeaturesCommand.Extract(extractor, dataset, recipe);
            var trainLabels = dataset.Train.Select(r => r.Label).ToArray();
            var testLabels = dataset.Test.Select(r => r.Label).ToArray();

            var clock = Stopwatch.StartNew();
            var headOptions = options.HeadOptionsFor(p, "logreg");
            var head = HeadTrainer.Train(new TrainingSet(train, trainLabels), headOptions).Head;
            var ourSeconds = clock.Elapsed.TotalSeconds;
            var predicted = head.Predict(test).Select(i => head.Labels[i]).ToArray();
            var ours = ClassificationReport.Compute(testLabels, predicted).Accuracy;

            var keep = p.GetValue(output);
            var directory = keep ?? Path.Combine(Path.GetTempPath(), "llmembed-compare-" + Guid.NewGuid().ToString("N"));
            FeatureExport.Write(directory, train, trainLabels, test, testLabels);
            try
            {
                var (peer, skipped) = SklearnPeer.Run(directory, headOptions.InverseRegularizationGrid);
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("dataset", "features", "long text", "head", "accuracy", "train s", "chosen");
                table.AddRow(Markup.Escape(dataset.Name), recipe.Name, extractor.LongText.Mode.ToString().ToLowerInvariant(), "ours (L-BFGS, CV)",
                    Pct(ours), SklearnPeer.Format(ourSeconds),
                    // l2 = 1 / (C n): the same C scale as scikit-learn's (two classes: one weight vector on both sides).
                    string.Create(CultureInfo.InvariantCulture, $"C {1.0 / (head.Training.L2 * head.Training.TrainingExamples):G3} (l2 {head.Training.L2:G3}; {head.Training.Selection})"));
                if (peer is not null)
                    table.AddRow(Markup.Escape(dataset.Name), recipe.Name, extractor.LongText.Mode.ToString().ToLowerInvariant(), "scikit-learn LogisticRegressionCV",
                        Pct(peer.Accuracy), SklearnPeer.Format(peer.TrainSeconds), string.Create(CultureInfo.InvariantCulture, $"C {peer.C:G3}"));
                Consoles.Out.Write(table);
                Consoles.Out.MarkupLineInterpolated($"C grid, ours:         {SklearnPeer.FormatGrid(headOptions.InverseRegularizationGrid)}");
                if (peer is not null)
                    Consoles.Out.MarkupLineInterpolated($"C grid, scikit-learn: {SklearnPeer.FormatGrid(peer.Grid)}");
                if (skipped is not null)
                    Consoles.Out.MarkupLineInterpolated($"[yellow]scikit-learn peer skipped: {skipped}[/]");
                else
                    Consoles.Out.MarkupLineInterpolated($"Δ accuracy (ours - scikit-learn): {(ours - peer!.Accuracy) * 100:+0.00;-0.00;0.00} points");
            }
            finally
            {
                if (keep is null) Directory.Delete(directory, recursive: true);
            }
            return 0;
        });
        return command;
    }

    private static string Pct(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
