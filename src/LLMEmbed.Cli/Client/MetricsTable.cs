using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// A finished job's holdout metrics: for a single-label head accuracy, macro-F1 and the confusion matrix; for a
/// multi-label one exact match, micro- and macro-F1 and each label's precision, recall, F1 and decision threshold.
/// </summary>
internal static class MetricsTable
{
    public static void Write(Job job) => Write(Consoles.Out, job);

    internal static void Write(IAnsiConsole console, Job job)
    {
        var m = job.Metrics;
        var multi = IsMultiLabel(m);
        var title = job.Task.Length == 0 ? $"job {Markup.Escape(job.JobId)}" : $"job {Markup.Escape(job.JobId)} (task {Markup.Escape(job.Task)})";
        var summary = new Table().Border(TableBorder.Rounded).Title(title);
        summary.AddColumns(multi ? ["head version", "promoted", "exact match", "micro F1", "macro F1", "holdout", "seconds"] : ["head version", "promoted", "accuracy", "macro F1", "holdout", "seconds"]);
        string[] scores = m is null ? ["-", "-"]
            : multi ? [m.ExactMatch.ToString("0.000"), m.MicroF1.ToString("0.000"), m.MacroF1.ToString("0.000")]
            : [m.Accuracy.ToString("0.000"), m.MacroF1.ToString("0.000")];
        summary.AddRow([job.HeadVersion.ToString(), job.Promoted ? "[green]yes[/]" : "[yellow]no[/]", .. scores,
            m?.HoldoutSize.ToString() ?? "-",
            job.FinishedUnixMs > 0 ? ((job.FinishedUnixMs - job.StartedUnixMs) / 1000.0).ToString("0.0") : "-"]);
        console.Write(summary);
        if (!string.IsNullOrEmpty(job.Message)) console.MarkupLineInterpolated($"[grey]{job.Message}[/]");
        if (m is null) return;
        if (multi)
        {
            WritePerLabel(console, m);
            return;
        }
        if (m.Labels.Count == 0 || m.Confusion.Count != m.Labels.Count * m.Labels.Count) return;
        var confusion = new Table().Border(TableBorder.Rounded).Title("holdout confusion (row = truth)").AddColumn("");
        foreach (var label in m.Labels) confusion.AddColumn(Markup.Escape(label));
        for (var r = 0; r < m.Labels.Count; r++)
            confusion.AddRow([Markup.Escape(m.Labels[r]), .. Enumerable.Range(0, m.Labels.Count).Select(c => m.Confusion[r * m.Labels.Count + c].ToString())]);
        console.Write(confusion);
    }

    /// <summary>Multi-label metrics carry per-label scores (and no confusion matrix); a single-label head's micro-F1 stays 0.</summary>
    internal static bool IsMultiLabel(Metrics? metrics) => metrics is not null && (metrics.PerLabel.Count > 0 || (metrics.MicroF1 > 0 && metrics.Confusion.Count == 0));

    private static void WritePerLabel(IAnsiConsole console, Metrics m)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("holdout per label (one-vs-rest)")
            .AddColumns("label", "precision", "recall", "F1", "support", "threshold");
        foreach (var l in m.PerLabel)
            table.AddRow(Markup.Escape(l.Label), l.Precision.ToString("0.000"), l.Recall.ToString("0.000"), l.F1.ToString("0.000"), l.Support.ToString(), l.Threshold.ToString("0.00"));
        console.Write(table);
    }
}
