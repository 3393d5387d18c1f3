using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Export;
using LLMEmbed.Core.Features;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>
/// `llmembed compare` on a multi-label dataset: our one-vs-rest head (tuned thresholds, and every threshold at 0.5)
/// and scikit-learn's OneVsRestClassifier(LogisticRegressionCV) on the same exported features.
/// </summary>
internal static class MultiLabelCompare
{
    public static int Run(ParseResult p, EvalOptions options, Option<string> features, Option<string?> output, MultiLabelThresholdOptions thresholds)
    {
        var dataset = options.LoadMultiLabelDataset(p);
        var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
        var headOptions = thresholds.Apply(p, options.MultiLabelOptionsFor(p));
        using var extractor = options.CreateExtractor(p);
        var (train, test) = ProgressReporter.Run(progress =>
        {
            var tr = extractor.Extract([.. dataset.Train.Select(r => r.Text)], recipe, progress.Embedding(dataset.Name + " train"));
            var te = extractor.Extract([.. dataset.Test.Select(r => r.Text)], recipe, progress.Embedding(dataset.Name + " test"));
            progress.Finish();
            return (tr, te);
        });

        var keep = p.GetValue(output);
        var directory = keep ?? Path.Combine(Path.GetTempPath(), "llmembed-compare-" + Guid.NewGuid().ToString("N"));
        // Written before our fit, so a kept export can feed other runs while this one trains.
        MultiLabelFeatureExport.Write(directory, dataset.Labels, train, [.. dataset.Train.Select(r => r.Labels)], test, [.. dataset.Test.Select(r => r.Labels)]);
        try
        {
            var ours = ProgressReporter.Run(progress =>
            {
                var r = MultiLabelExperiment.Run(dataset, recipe.Name, train, test, headOptions, progress.Fraction($"train {recipe.Name} one-vs-rest"));
                progress.Finish();
                return r;
            });
            var (peer, skipped) = SklearnMultiLabelPeer.Run(directory, headOptions.InverseRegularizationGrid);

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("dataset", "features", "head", "micro-F1", "macro-F1", "exact match", "train s", "chosen");
            string name = Markup.Escape(dataset.Name), chosen = Markup.Escape(CSummary.Format(ours.Head.Training.C));
            table.AddRow(name, recipe.Name, "ours (tuned thresholds)", Pct(ours.Report.MicroF1), Pct(ours.Report.MacroF1), Pct(ours.Report.ExactMatch),
                SklearnPeer.Format(ours.SecondsTrain), chosen);
            table.AddRow(name, recipe.Name, "ours (threshold 0.5)", Pct(ours.ReportAtDefault.MicroF1), Pct(ours.ReportAtDefault.MacroF1),
                Pct(ours.ReportAtDefault.ExactMatch), SklearnPeer.Format(ours.SecondsTrain), chosen);
            if (peer is not null)
                table.AddRow(name, recipe.Name, "scikit-learn OvR LogisticRegressionCV (0.5)", Pct(peer.MicroF1), Pct(peer.MacroF1), Pct(peer.ExactMatch),
                    SklearnPeer.Format(peer.TrainSeconds), Markup.Escape("C " + string.Join(", ", peer.ChosenC.Select(kv => $"{kv.Key}×{kv.Value}"))));
            Consoles.Out.Write(table);
            Consoles.Out.MarkupLineInterpolated($"[grey]ours: {ours.Head.Training.Selection}; C grid {SklearnPeer.FormatGrid(headOptions.InverseRegularizationGrid)}[/]");
            if (peer is null)
            {
                Consoles.Out.MarkupLineInterpolated($"[yellow]scikit-learn peer skipped: {skipped}[/]");
                return 0;
            }
            if (peer.ConstantLabels.Count > 0)
                Consoles.Out.MarkupLineInterpolated($"[grey]scikit-learn: {peer.ConstantLabels.Count} labels without both classes in train not fitted, predicted off: {string.Join(", ", peer.ConstantLabels)}[/]");
            Consoles.Out.MarkupLineInterpolated(
                $"Δ micro-F1 (ours - scikit-learn): tuned {Delta(ours.Report.MicroF1 - peer.MicroF1)}, at 0.5 {Delta(ours.ReportAtDefault.MicroF1 - peer.MicroF1)} points");
        }
        finally
        {
            if (keep is null) Directory.Delete(directory, recursive: true);
        }
        return 0;
    }

    private static string Pct(double value) => MultiLabelRenderer.Pct(value);

    private static string Delta(double value) => (value * 100).ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture);
}
