using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed tasks list|create|delete` (tenant key): the tenant's named classifiers over the same rows.</summary>
internal static class TasksCommand
{
    public static Command Create() => new("tasks", "The tenant's tasks: several classifiers (single- or multi-label) over the same stored rows") { List(), CreateTask(), Delete() };

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List the tenant's tasks, the default one first") { json };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await new Tasks.TasksClient(connection.Channel).ListTasksAsync(new ListTasksRequest { Tenant = connection.Tenant }, connection.Call(ct));
            Print(response.Tasks, p.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command CreateTask()
    {
        var name = new Argument<string>("name") { Description = "Task name: letters, digits, '-', '_' and '.', 1..64 characters" };
        var kind = new Option<string>("--kind") { Description = "single_label (one label per text) | multi_label (any number, none included)", DefaultValueFactory = _ => "single_label" };
        var labels = new Option<string?>("--labels") { Description = "The task's first labels, comma-separated (e.g. refund,mobile)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("create", "Create a named task with its own labels, examples' labels and heads") { name, kind, labels, json };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var request = new CreateTaskRequest { Task = p.GetValue(name)!, Kind = ParseKind(p.GetValue(kind)!), Labels = { ParseLabels(p.GetValue(labels)) } };
            using var connection = settings.Connect(p);
            request.Tenant = connection.Tenant;
            var task = await new Tasks.TasksClient(connection.Channel).CreateTaskAsync(request, connection.Call(ct));
            Print([task], p.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The task to delete (not the default task)" };
        var command = new Command("delete", "Delete a named task with its labels and heads; its labels on stored rows are ignored from then on") { name };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            await new Tasks.TasksClient(connection.Channel).DeleteTaskAsync(new DeleteTaskRequest { Tenant = connection.Tenant, Task = p.GetValue(name)! }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"deleted task [bold]{p.GetValue(name)!}[/]");
            return 0;
        });
        return command;
    }

    internal static TaskKind ParseKind(string kind) => kind.ToLowerInvariant().Replace('-', '_') switch
    {
        "single_label" => TaskKind.SingleLabel,
        "multi_label" => TaskKind.MultiLabel,
        _ => throw new ArgumentException($"--kind must be single_label or multi_label, got \"{kind}\"."),
    };

    internal static string[] ParseLabels(string? labels)
    {
        if (labels is null) return [];
        var names = labels.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(string.IsNullOrEmpty)) throw new ArgumentException($"--labels has an empty label in \"{labels}\"; separate labels with single commas.");
        return names;
    }

    internal static string KindName(TaskKind kind) => kind == TaskKind.MultiLabel ? "multi_label" : "single_label";

    private static void Print(IEnumerable<TaskSummary> tasks, bool json)
    {
        if (json)
        {
            JsonReport.Write(tasks.Select(t => new Dictionary<string, object>
            {
                ["task"] = t.Task, ["kind"] = KindName(t.Kind), ["labels"] = t.Labels, ["examples"] = t.Examples,
                ["active_head_version"] = t.ActiveHeadVersion, ["created"] = DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedUnixMs),
            }).ToArray());
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("task", "kind", "labels", "examples", "active head", "created (UTC)");
        foreach (var t in tasks)
            table.AddRow(Markup.Escape(t.Task), KindName(t.Kind), t.Labels.ToString(), t.Examples.ToString(), t.ActiveHeadVersion > 0 ? t.ActiveHeadVersion.ToString() : "-",
                DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedUnixMs).ToString("yyyy-MM-dd HH:mm:ss"));
        Consoles.Out.Write(table);
    }
}
