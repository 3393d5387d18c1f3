using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>A finished job's holdout metrics and confusion matrix.</summary>
internal static class MetricsTable
{
    public static void Write(Job job)
    {
        var m = job.Metrics;
        var summary = new Table().Border(TableBorder.Rounded).Title($"job {Markup.Escape(job.JobId)}")
            .AddColumns("head version", "promoted", "accuracy", "macro F1", "holdout", "seconds");
        summary.AddRow(job.HeadVersion.ToString(), job.Promoted ? "[green]yes[/]" : "[yellow]no[/]",
            m is null ? "-" : m.Accuracy.ToString("0.000"), m is null ? "-" : m.MacroF1.ToString("0.000"),
            m?.HoldoutSize.ToString() ?? "-",
            job.FinishedUnixMs > 0 ? ((job.FinishedUnixMs - job.StartedUnixMs) / 1000.0).ToString("0.0") : "-");
        Consoles.Out.Write(summary);
        if (!string.IsNullOrEmpty(job.Message)) Consoles.Out.MarkupLineInterpolated($"[grey]{job.Message}[/]");
        if (m is null || m.Labels.Count == 0 || m.Confusion.Count != m.Labels.Count * m.Labels.Count) return;
        var confusion = new Table().Border(TableBorder.Rounded).Title("holdout confusion (row = truth)").AddColumn("");
        foreach (var label in m.Labels) confusion.AddColumn(Markup.Escape(label));
        for (var r = 0; r < m.Labels.Count; r++)
            confusion.AddRow([Markup.Escape(m.Labels[r]), .. Enumerable.Range(0, m.Labels.Count).Select(c => m.Confusion[r * m.Labels.Count + c].ToString())]);
        Consoles.Out.Write(confusion);
    }
}
