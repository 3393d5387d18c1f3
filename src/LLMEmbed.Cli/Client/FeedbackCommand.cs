using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed feedback PREDICTION_ID --label L | --out-of-scope`: a classified text becomes an example, not embedded again.</summary>
internal static class FeedbackCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("prediction-id") { Description = "The prediction_id a classification returned (llmembed classify prints it)" };
        var label = new Option<string?>("--label") { Description = "The right label" };
        var outOfScope = new Option<bool>("--out-of-scope") { Description = "The text belongs to none of the tenant's labels" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("feedback", "Turn a classified text into an example with the right label (or out of scope); repeating it stores nothing twice")
            { id, label, outOfScope, json };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            if (string.IsNullOrEmpty(p.GetValue(label)) == !p.GetValue(outOfScope))
                throw new ArgumentException("give --label LABEL or --out-of-scope (one of them).");
            using var connection = settings.Connect(p);
            var response = await new Examples.ExamplesClient(connection.Channel).FeedbackAsync(new FeedbackRequest
            {
                Tenant = connection.Tenant, PredictionId = p.GetValue(id)!, Label = p.GetValue(label) ?? "", OutOfScope = p.GetValue(outOfScope),
            }, connection.Call(ct));
            if (p.GetValue(json))
            {
                JsonReport.Write(new Dictionary<string, object?>
                {
                    ["example_id"] = response.ExampleId, ["repeated"] = response.Repeated, ["predicted_label"] = response.PredictedLabel,
                    ["label"] = response.Label, ["out_of_scope"] = response.OutOfScope,
                });
                return 0;
            }
            var what = response.OutOfScope ? "out of scope" : $"label [bold]{Markup.Escape(response.Label)}[/]";
            var was = response.PredictedLabel.Length == 0 ? "none" : Markup.Escape(response.PredictedLabel);
            Consoles.Out.MarkupLine(response.Repeated
                ? $"already given: example {response.ExampleId} ({what}); nothing stored again"
                : $"stored example {response.ExampleId} as {what} (the head had answered {was}); train to use it");
            return 0;
        });
        return command;
    }
}
