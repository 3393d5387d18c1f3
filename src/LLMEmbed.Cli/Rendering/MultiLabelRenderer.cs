using System.Globalization;
using LLMEmbed.Core.Experiments;
using Spectre.Console;

namespace LLMEmbed.Cli.Rendering;

/// <summary>Human-readable tables of a multi-label evaluation.</summary>
internal static class MultiLabelRenderer
{
    public static void Render(MultiLabelExperimentResult result)
    {
        var r = result.Report;
        var d = result.ReportAtDefault;
        var training = result.Head.Training;
        Consoles.Out.MarkupLine($"[bold]{Markup.Escape(result.Dataset)}[/] · features [bold]{Markup.Escape(result.Features)}[/] ({result.FeatureDim}-d) · one-vs-rest logreg · {result.Labels.Count} labels · train {result.TrainSize} / test {result.TestSize}");
        Consoles.Out.MarkupLine($"micro-F1 [bold green]{Pct(r.MicroF1)}[/]  macro-F1 [bold green]{Pct(r.MacroF1)}[/]  exact match [bold green]{Pct(r.ExactMatch)}[/]  " +
            $"embed {result.SecondsEmbed:0.0}s  train {result.SecondsTrain:0.0}s");
        Consoles.Out.MarkupLine($"[grey]every threshold at 0.5: micro-F1 {Pct(d.MicroF1)}  macro-F1 {Pct(d.MacroF1)}  exact match {Pct(d.ExactMatch)}[/]");
        Consoles.Out.MarkupLine($"[grey]head: {Markup.Escape(training.Selection)} · {Markup.Escape(CSummary.Format(training.C))}[/]");

        var table = new Table().Border(TableBorder.Rounded).AddColumns("label", "precision", "recall", "F1", "support", "predicted", "threshold", "C");
        for (int l = 0; l < r.PerLabel.Count; l++)
        {
            var s = r.PerLabel[l];
            table.AddRow(Markup.Escape(s.Label), Pct(s.Precision), Pct(s.Recall), Pct(s.F1), Int(s.Support), Int(s.Predicted),
                training.Thresholds[l].ToString("0.000", CultureInfo.InvariantCulture),
                double.IsNaN(training.C[l]) ? "constant" : training.C[l].ToString("G3", CultureInfo.InvariantCulture));
        }
        Consoles.Out.Write(table);
    }

    public static string Pct(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
