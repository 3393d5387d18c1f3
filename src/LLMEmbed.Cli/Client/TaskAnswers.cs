using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// `classify --task`: each text's answer per task, as a table (a row per text and task) or JSON. A multi-label task shows
/// every chosen label, "(none)" when no label reaches its threshold.
/// </summary>
internal static class TaskAnswers
{
    public static void Write(IAnsiConsole console, IReadOnlyList<string> texts, IReadOnlyList<Classification> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("text", "task", "label", "probabilities", "head", "prediction id");
        for (var i = 0; i < texts.Count; i++)
        {
            var text = results[i];
            for (var t = 0; t < text.Tasks.Count; t++)
            {
                var r = text.Tasks[t];
                var shown = t > 0 ? "" : Markup.Escape(Trim(texts[i])) + (text.Truncated ? " [grey](truncated)[/]" : "");
                table.AddRow(shown, Markup.Escape(r.Task), Answer(r),
                    Markup.Escape(string.Join("  ", r.Probabilities.Select(x => $"{x.Label} {x.Probability:0.000}"))),
                    r.Source == "zero_shot" ? "zero-shot" : r.HeadVersion.ToString(), Markup.Escape(r.PredictionId));
            }
        }
        console.Write(table);
    }

    /// <summary>The task's answer as markup: the label, the chosen labels of a multi-label task, "(none)", or an abstention.</summary>
    internal static string Answer(Classification r)
    {
        if (r.Abstained) return $"[yellow]none[/] [grey](scope {r.ScopeScore:0.000})[/]";
        if (r.Labels.Count > 0) return string.Join(", ", r.Labels.Select(l => $"[bold]{Markup.Escape(l)}[/]"));
        return r.Label.Length == 0 ? "[grey](none)[/]" : $"[bold]{Markup.Escape(r.Label)}[/]";
    }

    internal static Dictionary<string, object> ToJson(string text, Classification result) => new()
    {
        ["text"] = text,
        ["truncated"] = result.Truncated,
        ["windows"] = result.Windows,
        ["tasks"] = result.Tasks.Select(r => new Dictionary<string, object>
        {
            ["task"] = r.Task,
            ["label"] = r.Label,
            ["labels"] = r.Labels.ToArray(),
            ["probabilities"] = r.Probabilities.ToDictionary(x => x.Label, x => (object)x.Probability),
            ["head_version"] = r.HeadVersion,
            ["abstained"] = r.Abstained,
            ["prediction_id"] = r.PredictionId,
            ["scope_score"] = r.ScopeScore,
            ["source"] = r.Source,
        }).ToArray(),
    };

    private static string Trim(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
