using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed labels set|add|rename|retire|list` (tenant key).</summary>
internal static class LabelsCommand
{
    /// <summary>What retiring means, said once for `set` and `retire`.</summary>
    internal const string RetireEffect =
        "A retired label keeps its stored examples, but they are left out of training and classification, and new examples for it are refused; `labels add` brings it back with them.";

    public static Command Create() => new("labels", "The tenant's label set") { Set(), Add(), Rename(), Retire(), List() };

    private static Command Set()
    {
        var names = new Argument<string[]>("label") { Description = "The full label set; existing labels not listed are retired", Arity = ArgumentArity.OneOrMore };
        var command = new Command("set", $"Declare the tenant's whole label set: listed labels are added (or brought back), every other label is retired. {RetireEffect}") { names };
        return WithCall(command, (client, tenant, p, call) =>
            client.SetLabelsAsync(new SetLabelsRequest { Tenant = tenant, Labels = { p.GetValue(names)! } }, call).ResponseAsync);
    }

    private static Command Add()
    {
        var name = new Argument<string>("label") { Description = "Label to add, or a retired label to bring back" };
        var command = new Command("add", "Add one label, leaving the others as they are") { name };
        return WithCall(command, (client, tenant, p, call) =>
            client.AddLabelAsync(new AddLabelRequest { Tenant = tenant, Label = p.GetValue(name)! }, call).ResponseAsync);
    }

    private static Command Rename()
    {
        var from = new Argument<string>("label") { Description = "Current name" };
        var to = new Argument<string>("new-name") { Description = "New name; the label keeps its examples" };
        var command = new Command("rename", "Rename one label") { from, to };
        return WithCall(command, (client, tenant, p, call) =>
            client.RenameLabelAsync(new RenameLabelRequest { Tenant = tenant, Label = p.GetValue(from)!, NewName = p.GetValue(to)! }, call).ResponseAsync);
    }

    private static Command Retire()
    {
        var name = new Argument<string>("label") { Description = "Label to retire" };
        var command = new Command("retire", $"Retire one label. {RetireEffect}") { name };
        return WithCall(command, (client, tenant, p, call) =>
            client.RetireLabelAsync(new RetireLabelRequest { Tenant = tenant, Label = p.GetValue(name)! }, call).ResponseAsync);
    }

    private static Command List()
    {
        var retired = new Option<bool>("--include-retired") { Description = "Show retired labels too" };
        var command = new Command("list", "List the tenant's labels with example counts") { retired };
        return WithCall(command, (client, tenant, p, call) =>
            client.ListLabelsAsync(new ListLabelsRequest { Tenant = tenant, IncludeRetired = p.GetValue(retired) }, call).ResponseAsync);
    }

    /// <summary>Adds the connection options and --json, and prints the label set the call returns.</summary>
    private static Command WithCall(Command command, Func<Labels.LabelsClient, string, ParseResult, Grpc.Core.CallOptions, Task<LabelsResponse>> call)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        command.Options.Add(json);
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await call(new Labels.LabelsClient(connection.Channel), connection.Tenant, p, connection.Call(ct));
            Print(response, p.GetValue(json));
            return 0;
        });
        return command;
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
