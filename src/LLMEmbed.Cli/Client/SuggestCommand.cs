using System.CommandLine;
using System.Text.Json;
using LLMEmbed.Protos.V1;
using LLMEmbed.Cli.Rendering;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed suggest [--count N]` (tenant key): the stored unlabelled texts most worth labelling next.</summary>
internal static class SuggestCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many (1..100)", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per suggestion (JSON lines)" };
        var command = new Command("suggest", "Which stored unlabelled texts to label next (label one with `examples relabel --id ID --label L`)") { count, json };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await new Examples.ExamplesClient(connection.Channel).SuggestAsync(
                new SuggestRequest { Tenant = connection.Tenant, Count = p.GetValue(count) }, connection.Call(ct));
            if (p.GetValue(json))
            {
                foreach (var s in response.Suggestions) Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(s, response)));
                return 0;
            }
            if (response.Suggestions.Count == 0)
            {
                Consoles.Out.MarkupLine("no unlabelled rows stored: import some with `llmembed import FILE --unlabelled`.");
                return 0;
            }
            Consoles.Out.Write(Table(response));
            Consoles.Err.MarkupLineInterpolated($"[grey]{Describe(response)}; label one with: llmembed examples relabel --id ID --label LABEL[/]");
            return 0;
        });
        return command;
    }

    internal static Table Table(SuggestResponse response)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "score", "predicted", "text");
        foreach (var s in response.Suggestions)
            table.AddRow(s.ExampleId.ToString(), response.HeadVersion == 0 ? "-" : s.Score.ToString("0.000"), Markup.Escape(s.PredictedLabel), Markup.Escape(TextCell.Cut(s.Text)));
        return table;
    }

    /// <summary>How the list was made, in one line.</summary>
    internal static string Describe(SuggestResponse response) => response.Strategy == "spread"
        ? $"spread over the space (no head yet) among {response.Candidates} unlabelled rows"
        : $"most uncertain under head v{response.HeadVersion} among {response.Candidates} unlabelled rows";

    internal static Dictionary<string, object> ToJson(Suggestion s, SuggestResponse response) => new()
    {
        ["id"] = s.ExampleId, ["score"] = s.Score, ["predicted_label"] = s.PredictedLabel, ["text"] = s.Text,
        ["strategy"] = response.Strategy, ["head_version"] = response.HeadVersion,
    };
}
