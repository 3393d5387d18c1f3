using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed labels set|list` (tenant key).</summary>
internal static class LabelsCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("label") { Description = "The full label set; labels not listed are retired", Arity = ArgumentArity.OneOrMore };
        var set = new Command("set", "Declare the tenant's label set") { names };
        var setSettings = ClientSettings.ForTenant(set);
        set.SetAction(async (p, ct) =>
        {
            using var connection = setSettings.Connect(p);
            var response = await new Labels.LabelsClient(connection.Channel).SetLabelsAsync(
                new SetLabelsRequest { Tenant = connection.Tenant, Labels = { p.GetValue(names)! } }, connection.Call(ct));
            Print(response, json: false);
            return 0;
        });

        var retired = new Option<bool>("--include-retired") { Description = "Show retired labels too" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var list = new Command("list", "List the tenant's labels with example counts") { retired, json };
        var listSettings = ClientSettings.ForTenant(list);
        list.SetAction(async (p, ct) =>
        {
            using var connection = listSettings.Connect(p);
            var response = await new Labels.LabelsClient(connection.Channel).ListLabelsAsync(
                new ListLabelsRequest { Tenant = connection.Tenant, IncludeRetired = p.GetValue(retired) }, connection.Call(ct));
            Print(response, p.GetValue(json));
            return 0;
        });
        return new Command("labels", "The tenant's label set") { set, list };
    }

    private static void Print(LabelsResponse response, bool json)
    {
        if (json)
        {
            JsonReport.Write(response.Labels.Select(l => new Dictionary<string, object> { ["label"] = l.Name, ["retired"] = l.Retired, ["examples"] = l.Examples }).ToArray());
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("label", "examples", "state");
        foreach (var l in response.Labels)
            table.AddRow(Markup.Escape(l.Name), l.Examples.ToString(), l.Retired ? "[grey]retired[/]" : "[green]active[/]");
        Consoles.Out.Write(table);
    }
}
