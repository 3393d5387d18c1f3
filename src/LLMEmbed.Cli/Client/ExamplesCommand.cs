using System.CommandLine;
using System.Text.Json;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed examples list|relabel|delete|count` (tenant key): the stored rows a tenant can see and fix.</summary>
internal static class ExamplesCommand
{
    public static Command Create() => new("examples", "The tenant's stored rows: list, relabel, delete, count") { List(), Relabel(), Delete(), Count() };

    private static Command List()
    {
        var pageSize = new Option<int>("--page-size") { Description = "Rows per call (1..500)", DefaultValueFactory = _ => 100 };
        var all = new Option<bool>("--all") { Description = "Follow every page to the last (progress on stderr)" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue after an earlier page (its next token)" };
        var label = new Option<string?>("--label") { Description = "Only rows of this label" };
        var importId = new Option<string?>("--import-id") { Description = "Only rows of this import" };
        var source = new Option<string?>("--source") { Description = "Only rows from: import | feedback | suggestion | unlabelled" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per row (JSON lines)" };
        var command = new Command("list", "List stored rows in id order, a page at a time") { pageSize, all, pageToken, label, importId, source, json };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var client = new Examples.ExamplesClient(connection.Channel);
            var request = new ListExamplesRequest
            {
                Tenant = connection.Tenant, PageSize = p.GetValue(pageSize), PageToken = p.GetValue(pageToken) ?? "",
                Label = p.GetValue(label) ?? "", ImportId = p.GetValue(importId) ?? "", Source = p.GetValue(source) ?? "",
            };
            var rows = new List<StoredExample>();
            string next = "";
            if (!p.GetValue(all)) (rows, next) = await PageAsync(client, request, connection.Call(ct));
            else
            {
                var counts = await client.CountExamplesAsync(new CountExamplesRequest { Tenant = connection.Tenant }, connection.Call(ct));
                var stored = counts.Total + counts.PerSource.GetValueOrDefault("unlabelled");
                await Consoles.Err.Progress().AutoClear(false).StartAsync(async progress =>
                {
                    var task = progress.AddTask("list examples", maxValue: Math.Max(stored, 1));
                    rows = await ListAllAsync(client, request, connection.Call(ct), n => task.Value = Math.Min(n, task.MaxValue));
                    task.Value = task.MaxValue;
                });
            }
            if (p.GetValue(json))
            {
                foreach (var row in rows) Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(row)));
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "label", "source", "import", "text");
            foreach (var e in rows)
                table.AddRow(e.Id.ToString(), Markup.Escape(e.Label), e.Source, Markup.Escape(TextCell.Cut(e.ImportId, 20)), Markup.Escape(TextCell.Cut(e.Text)));
            Consoles.Out.Write(table);
            if (next.Length > 0) Consoles.Err.MarkupLineInterpolated($"[grey]more rows: --page-token {next} (or --all)[/]");
            return 0;
        });
        return command;
    }

    /// <summary>One page and the token after it ("" on the last page).</summary>
    internal static async Task<(List<StoredExample> Rows, string Next)> PageAsync(Examples.ExamplesClient client, ListExamplesRequest request, Grpc.Core.CallOptions call)
    {
        var page = await client.ListExamplesAsync(request, call);
        return ([.. page.Examples], page.NextPageToken);
    }

    /// <summary>Every page from <paramref name="first"/> on, following next_page_token; <paramref name="listed"/> hears the running count.</summary>
    internal static async Task<List<StoredExample>> ListAllAsync(Examples.ExamplesClient client, ListExamplesRequest first, Grpc.Core.CallOptions call,
        Action<long>? listed = null)
    {
        var rows = new List<StoredExample>();
        var request = first.Clone();
        while (true)
        {
            var (page, next) = await PageAsync(client, request, call);
            rows.AddRange(page);
            listed?.Invoke(rows.Count);
            if (next.Length == 0) return rows;
            request.PageToken = next;
        }
    }

    internal static Dictionary<string, object> ToJson(StoredExample e) => new()
    {
        ["id"] = e.Id, ["label"] = e.Label, ["source"] = e.Source, ["import_id"] = e.ImportId, ["text"] = e.Text,
    };

    private static Command Relabel()
    {
        var id = new Option<long>("--id") { Description = "The row's id (from `examples list` or `suggest`)", Required = true };
        var label = new Option<string>("--label") { Description = "Its label (an active one); an unlabelled row becomes source suggestion", Required = true };
        var command = new Command("relabel", "Give a stored row a label, without embedding it again") { id, label };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var row = await new Examples.ExamplesClient(connection.Channel).RelabelExampleAsync(
                new RelabelExampleRequest { Tenant = connection.Tenant, Id = p.GetValue(id), Label = p.GetValue(label)! }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"example [bold]{row.Id}[/] is now [bold]{row.Label}[/] (source {row.Source})");
            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var ids = new Option<long[]>("--id") { Description = "A row to delete (repeat for more, at most 1,000)", AllowMultipleArgumentsPerToken = true };
        var importId = new Option<string?>("--import-id") { Description = "Instead of ids: every row of this import" };
        var command = new Command("delete", "Delete rows by id or by import; the next training leaves them out") { ids, importId };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var given = p.GetValue(ids) ?? [];
            if ((given.Length == 0) == string.IsNullOrWhiteSpace(p.GetValue(importId))) throw new ArgumentException("give --id (one or more) or --import-id, not both.");
            using var connection = settings.Connect(p);
            var result = await new Examples.ExamplesClient(connection.Channel).DeleteExamplesAsync(
                new DeleteExamplesRequest { Tenant = connection.Tenant, Ids = { given }, ImportId = p.GetValue(importId) ?? "" }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"deleted [bold]{result.Deleted}[/] rows; the tenant now has [bold]{result.TotalExamples}[/] examples.");
            return 0;
        });
        return command;
    }

    private static Command Count()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("count", "Stored examples in total, per label and per source") { json };
        var task = TaskOption.AddTo(command);
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var counts = await new Examples.ExamplesClient(connection.Channel).CountExamplesAsync(new CountExamplesRequest { Tenant = connection.Tenant, Task = TaskOption.Value(p, task) }, connection.Call(ct));
            if (p.GetValue(json))
            {
                JsonReport.Write(new Dictionary<string, object> { ["total"] = counts.Total, ["per_label"] = counts.PerLabel.ToDictionary(), ["per_source"] = counts.PerSource.ToDictionary() });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("", "name", "rows");
            foreach (var (name, n) in counts.PerLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal)) table.AddRow("label", Markup.Escape(name), n.ToString());
            foreach (var (name, n) in counts.PerSource.OrderBy(kv => kv.Key, StringComparer.Ordinal)) table.AddRow("source", name, n.ToString());
            Consoles.Out.Write(table);
            Consoles.Out.MarkupLineInterpolated($"[bold]{counts.Total}[/] examples (unlabelled rows not counted)");
            return 0;
        });
        return command;
    }
}
