using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed labels set|add|rename|retire|describe|list [--task T]` (tenant key): a task's label set (describe: the default task's).</summary>
internal static class LabelsCommand
{
    /// <summary>What retiring means, said once for `set` and `retire`.</summary>
    internal const string RetireEffect =
        "A retired label keeps its stored examples, but they are left out of training and classification, and new examples for it are refused; `labels add` brings it back with them.";

    public static Command Create() => new("labels", "The tenant's label set") { Set(), Add(), Rename(), Retire(), Describe(), List() };

    private static Command Set()
    {
        var names = new Argument<string[]>("label") { Description = "The full label set; existing labels not listed are retired", Arity = ArgumentArity.OneOrMore };
        var command = new Command("set", $"Declare the tenant's whole label set: listed labels are added (or brought back), every other label is retired. {RetireEffect}") { names };
        return WithCall(command, (client, tenant, task, p, call) =>
            client.SetLabelsAsync(new SetLabelsRequest { Tenant = tenant, Labels = { p.GetValue(names)! }, Task = task }, call).ResponseAsync);
    }

    private static Command Add()
    {
        var name = new Argument<string>("label") { Description = "Label to add, or a retired label to bring back" };
        var command = new Command("add", "Add one label, leaving the others as they are") { name };
        return WithCall(command, (client, tenant, task, p, call) =>
            client.AddLabelAsync(new AddLabelRequest { Tenant = tenant, Label = p.GetValue(name)!, Task = task }, call).ResponseAsync);
    }

    private static Command Rename()
    {
        var from = new Argument<string>("label") { Description = "Current name" };
        var to = new Argument<string>("new-name") { Description = "New name; the label keeps its examples" };
        var command = new Command("rename", "Rename one label") { from, to };
        return WithCall(command, (client, tenant, task, p, call) =>
            client.RenameLabelAsync(new RenameLabelRequest { Tenant = tenant, Label = p.GetValue(from)!, NewName = p.GetValue(to)!, Task = task }, call).ResponseAsync);
    }

    private static Command Retire()
    {
        var name = new Argument<string>("label") { Description = "Label to retire" };
        var command = new Command("retire", $"Retire one label. {RetireEffect}") { name };
        return WithCall(command, (client, tenant, task, p, call) =>
            client.RetireLabelAsync(new RetireLabelRequest { Tenant = tenant, Label = p.GetValue(name)!, Task = task }, call).ResponseAsync);
    }

    private static Command Describe()
    {
        var label = new Option<string?>("--label") { Description = "Label to describe" };
        var description = new Option<string?>("--description") { Description = "A few short sentences saying what the label means; empty clears it" };
        var file = new Option<string?>("--file") { Description = "JSON file label -> description or list of sentences (e.g. models/label-descriptions/imdb.json): describes every label in it" };
        var command = new Command("describe", "Set a label's description, so the tenant answers zero-shot before it has enough examples") { label, description, file };
        // DescribeLabelRequest names no task: descriptions (zero-shot) are the default task's.
        return WithCall(command, async (client, tenant, _, p, call) =>
        {
            var path = p.GetValue(file);
            if ((path is null) == (p.GetValue(label) is null))
                throw new ArgumentException("Give either --label (with --description) or --file.");
            if (path is null) return await client.DescribeLabelAsync(new DescribeLabelRequest { Tenant = tenant, Label = p.GetValue(label)!, Description = p.GetValue(description) ?? "" }, call);
            LabelsResponse? last = null;
            // One sentence per line: the tenant embeds each line as one sentence.
            foreach (var (name, sentences) in Core.ZeroShot.LabelDescriptions.Load(path))
                last = await client.DescribeLabelAsync(new DescribeLabelRequest { Tenant = tenant, Label = name, Description = string.Join('\n', sentences) }, call);
            return last ?? throw new ArgumentException($"{path} describes no label.");
        }, taskOption: false);
    }

    private static Command List()
    {
        var retired = new Option<bool>("--include-retired") { Description = "Show retired labels too" };
        var command = new Command("list", "List the tenant's labels with example counts") { retired };
        return WithCall(command, (client, tenant, task, p, call) =>
            client.ListLabelsAsync(new ListLabelsRequest { Tenant = tenant, IncludeRetired = p.GetValue(retired), Task = task }, call).ResponseAsync);
    }

    /// <summary>Adds the connection options, --task (the call gets "" for the default task) and --json, and prints the label set the call returns.</summary>
    private static Command WithCall(Command command, Func<Labels.LabelsClient, string, string, ParseResult, Grpc.Core.CallOptions, Task<LabelsResponse>> call,
        bool taskOption = true)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        command.Options.Add(json);
        var task = taskOption ? TaskOption.AddTo(command) : null;
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await call(new Labels.LabelsClient(connection.Channel), connection.Tenant, task is null ? "" : TaskOption.Value(p, task), p, connection.Call(ct));
            Print(response, p.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Print(LabelsResponse response, bool json)
    {
        if (json)
        {
            JsonReport.Write(response.Labels.Select(l => new Dictionary<string, object> { ["label"] = l.Name, ["retired"] = l.Retired, ["examples"] = l.Examples, ["description"] = l.Description }).ToArray());
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("label", "examples", "state", "description");
        foreach (var l in response.Labels)
            table.AddRow(Markup.Escape(l.Name), l.Examples.ToString(), l.Retired ? "[grey]retired[/]" : "[green]active[/]", Markup.Escape(l.Description));
        Consoles.Out.Write(table);
    }
}
