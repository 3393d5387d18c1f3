using System.Globalization;
using LLMEmbed.Core.Experiments;
using Spectre.Console;

namespace LLMEmbed.Cli.Rendering;

/// <summary>Human-readable tables for evaluation results.</summary>
internal static class ReportRenderer
{
    public static void Render(ExperimentResult result)
    {
        var r = result.Report;
        Consoles.Out.MarkupLine($"[bold]{Markup.Escape(result.Dataset)}[/] · features [bold]{Markup.Escape(result.Features)}[/] ({result.FeatureDim}-d) · head [bold]{result.Head.ToString().ToLowerInvariant()}[/] · train {result.TrainSize} / test {result.TestSize}");
        Consoles.Out.MarkupLine($"[grey]{Markup.Escape(result.RecipeDescription)}[/]");
        Consoles.Out.MarkupLine($"accuracy [bold green]{Pct(r.Accuracy)}[/]  macro-F1 [bold green]{Pct(r.MacroF1)}[/]  " +
            $"embed {result.SecondsEmbed:0.0}s  train {result.SecondsTrain:0.0}s  predict {result.SecondsPredict:0.000}s");
        Consoles.Out.MarkupLine($"[grey]head: {Markup.Escape(Tuning(result))} · long text {Markup.Escape(result.LongText)}, {result.WindowsPerText:0.00} windows/text[/]");

        var perClass = new Table().Border(TableBorder.Rounded).AddColumns("label", "precision", "recall", "F1", "support");
        foreach (var c in r.PerClass)
            perClass.AddRow(Markup.Escape(c.Label), Pct(c.Precision), Pct(c.Recall), Pct(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        Consoles.Out.Write(perClass);

        var confusion = new Table().Border(TableBorder.Simple).Title("confusion (rows = truth, columns = predicted)");
        confusion.AddColumn("");
        foreach (var label in r.Labels) confusion.AddColumn(new TableColumn(Markup.Escape(Short(label))).RightAligned());
        for (var i = 0; i < r.Labels.Count; i++)
            confusion.AddRow([Markup.Escape(Short(r.Labels[i])), .. r.ConfusionMatrix[i].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        Consoles.Out.Write(confusion);
    }

    public static void RenderAblation(IReadOnlyList<ExperimentResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("dataset", "features", "dim", "head", "long text", "windows/text", "accuracy", "macro-F1", "Δ acc vs last", "l2", "cv acc", "train s");
        foreach (var r in results)
        {
            var baseline = results.FirstOrDefault(b => b.Head == r.Head && b.Features == "last" && b.LongText == r.LongText);
            var delta = baseline is null ? "" : ((r.Report.Accuracy - baseline.Report.Accuracy) * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(r.Dataset), Markup.Escape(r.Features), r.FeatureDim.ToString(CultureInfo.InvariantCulture),
                r.Head.ToString().ToLowerInvariant(), r.LongText, r.WindowsPerText.ToString("0.00", CultureInfo.InvariantCulture),
                Pct(r.Report.Accuracy), Pct(r.Report.MacroF1), delta,
                r.Training.L2.ToString("G3", CultureInfo.InvariantCulture),
                double.IsNaN(r.Training.CvAccuracy) ? "" : Pct(r.Training.CvAccuracy),
                r.SecondsTrain.ToString("0.0", CultureInfo.InvariantCulture));
        }
        Consoles.Out.Write(table);
        foreach (var r in results.DistinctBy(r => r.Features))
            Consoles.Out.MarkupLine($"[grey]{Markup.Escape(r.RecipeDescription)}[/]");
    }

    /// <summary>The values the head was fitted with and how they were chosen.</summary>
    private static string Tuning(ExperimentResult r)
    {
        var i = CultureInfo.InvariantCulture;
        var selected = double.IsNaN(r.Training.CvAccuracy) ? "" : string.Create(i, $", held-out accuracy {r.Training.CvAccuracy * 100:0.00}%");
        return string.Create(i, $"l2 {r.Training.L2:G3}, dropout {r.Training.Dropout:G3}, {r.Training.Selection}{selected}, {r.Training.Epochs} epochs/iterations");
    }

    private static string Pct(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    private static string Short(string label) => label.Length <= 10 ? label : label[..10];
}
