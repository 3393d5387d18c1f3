using System.CommandLine;
using Grpc.Core;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// `llmembed import FILE`: streams a JSONL/CSV file of labelled rows through ImportExamples. The
/// gateway commits in chunks; on a bad row the complete chunks before it stay stored. With --unlabelled the rows
/// are stored without labels (a label column is optional and ignored), to be suggested and labelled later.
/// </summary>
internal static class ImportCommand
{
    public const string RowTrailer = "llmembed-import-row";
    public const string CommittedTrailer = "llmembed-import-committed";

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSONL (Cohere {\"text\",\"label\"}, labels for named tasks in \"labels\", or Vertex AI rows) or CSV (text and label columns, see docs/import-formats.md)" };
        var split = new Option<string>("--split") { Description = "Import only rows of this split: train | test | all", DefaultValueFactory = _ => "all" };
        var batch = new Option<int>("--batch") { Description = "Rows per stream message", DefaultValueFactory = _ => 256 };
        var truncate = new Option<bool>("--truncate") { Description = $"Cut texts over the token limit (and, before sending, over {ClientTextLimit.MaxChars} characters) instead of failing" };
        var addLabels = new Option<bool>("--add-labels") { Description = "First add labels the file uses that the tenant (or a named task, which must exist) lacks" };
        var resume = new Option<bool>("--resume") { Description = "Continue an import that stopped: skip the rows of this file (and --split) already committed" };
        var again = new Option<bool>("--again") { Description = "Import a file whose rows were committed before once more, as new rows" };
        var unlabelled = new Option<bool>("--unlabelled") { Description = "Store the rows without labels (any label is ignored), for `llmembed suggest` to pick from" };
        var command = new Command("import", "Bulk-import labelled examples, or unlabelled texts (streaming, with progress)") { file, split, batch, truncate, addLabels, resume, again, unlabelled };
        var csvColumns = new CsvColumnOptions();
        csvColumns.AddTo(command);
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(file)!;
            var splitFilter = ParseSplit(p.GetValue(split)!);
            var open = p.GetValue(unlabelled);
            if (open && p.GetValue(addLabels)) throw new ArgumentException("--unlabelled and --add-labels exclude each other: unlabelled rows carry no labels.");
            var rowOptions = csvColumns.Read(p) with { LabelOptional = open };
            var batchSize = p.GetValue(batch);
            if (batchSize <= 0) throw new ArgumentException($"--batch must be positive, got {batchSize}.");
            using var connection = settings.Connect(p);
            if (p.GetValue(addLabels)) await AddMissingLabelsAsync(connection, path, splitFilter, rowOptions, ct);

            if (p.GetValue(resume) && p.GetValue(again)) throw new ArgumentException("--resume and --again exclude each other.");
            var estimate = EstimateRows(path, rowOptions.NoHeader);
            var importId = ImportId(path, splitFilter, p.GetValue(again));
            AddExamplesResponse? result = null;
            try
            {
                await Consoles.Err.Progress().AutoClear(false).StartAsync(async progress =>
                {
                    var task = progress.AddTask($"import {Path.GetFileName(path)}", maxValue: Math.Max(estimate, 1));
                    using var call = new Examples.ExamplesClient(connection.Channel).ImportExamples(connection.Call(ct));
                    try
                    {
                        var message = NewMessage(connection.Tenant, p.GetValue(truncate));
                        message.ImportId = importId;
                        message.Resume = p.GetValue(resume);
                        message.Unlabelled = open;
                        var sent = 0L;
                        var bytes = 0;
                        foreach (var row in LabeledFileReader.ReadStreaming(path, rowOptions))
                        {
                            task.Increment(1);
                            if (splitFilter is not null && row.Split != splitFilter) continue;
                            var text = ClientTextLimit.Fit(row.Text, $"{path}:{row.Line}", p.GetValue(truncate));
                            var example = ToExample(text, row);
                            var size = example.CalculateSize();
                            if (message.Examples.Count > 0 && bytes + size > ClientTextLimit.MessageBytes)
                            {
                                await call.RequestStream.WriteAsync(message, ct);
                                (message, bytes) = (NewMessage(connection.Tenant, truncate: false), 0);
                            }
                            message.Examples.Add(example);
                            message.Lines.Add(row.Line); // the gateway names failing rows by their file line
                            bytes += size;
                            sent++;
                            if (message.Examples.Count < batchSize) continue;
                            await call.RequestStream.WriteAsync(message, ct);
                            (message, bytes) = (NewMessage(connection.Tenant, truncate: false), 0);
                        }
                        if (message.Examples.Count > 0 || sent == 0) await call.RequestStream.WriteAsync(message, ct);
                        await call.RequestStream.CompleteAsync();
                    }
                    catch (RpcException) when (!ct.IsCancellationRequested)
                    {
                        // The gateway ended the call early (a bad row); its status and trailers come with the response below.
                    }
                    result = await call.ResponseAsync;
                    task.Value = task.MaxValue;
                });
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                // The gateway's message names the line (and where to resume) once; add the file.
                var detail = e.Trailers.Get(CommittedTrailer) is null ? $"{e.Status.Detail} {LostHint(path, p.GetValue(again))}" : e.Status.Detail;
                throw new RpcException(new Grpc.Core.Status(e.StatusCode, $"{path}: {detail}"), e.Trailers);
            }
            var skipped = result!.Skipped > 0 ? $", after {result.Skipped} rows committed before" : "";
            if (result.Windows > result.Accepted && result.Accepted > 0)
                skipped += $", {(double)result.Windows / result.Accepted:0.00} backbone windows per text";
            if (open) Consoles.Out.MarkupLineInterpolated($"imported [bold]{result.Accepted}[/] unlabelled rows ({result.Truncated} truncated{skipped}); see `llmembed suggest`.");
            else Consoles.Out.MarkupLineInterpolated($"imported [bold]{result.Accepted}[/] examples ({result.Truncated} truncated{skipped}); the tenant now has [bold]{result.TotalExamples}[/].");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// What to do when the gateway went away without an answer (a killed host, a lost connection): the rows it
    /// committed are kept under this file's import id, so the same command with --resume continues after them.
    /// </summary>
    internal static string LostHint(string path, bool again) => again
        ? "The import ended without an answer from the gateway; the rows it committed are kept (an --again import cannot be resumed: see `llmembed examples list`)."
        : $"The import ended without an answer from the gateway; the rows it committed are kept: `llmembed import {path} --resume` continues after them.";

    internal static string? ParseSplit(string split) => split.ToLowerInvariant() switch
    {
        "all" => null,
        DataSplit.Train or DataSplit.Test => split.ToLowerInvariant(),
        _ => throw new ArgumentException($"--split must be train, test or all, got \"{split}\"."),
    };

    /// <summary>
    /// Names this import for the server's ledger: a hash of the file's content and the split, so the
    /// same file resumes where it stopped; with --again a fresh id, so its rows count as new ones.
    /// </summary>
    internal static string ImportId(string path, string? split, bool again)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))[..32];
        var id = $"{hash}:{split ?? "all"}";
        return again ? $"{id}:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}" : id;
    }

    /// <summary>The row as sent: its default-task label and its labels for named tasks (JSONL "labels").</summary>
    internal static Example ToExample(string text, LabeledText row)
    {
        var example = new Example { Text = text, Label = row.Label };
        foreach (var task in row.Tasks ?? []) example.TaskLabels.Add(new TaskLabel { Task = task.Task, Labels = { task.Labels } });
        return example;
    }

    private static ImportExamplesRequest NewMessage(string tenant, bool truncate) => new() { Tenant = tenant, Truncate = truncate };

    private static async Task AddMissingLabelsAsync(GatewayConnection connection, string path, string? split, LLMEmbed.Formats.LabeledRowReaderOptions rowOptions, CancellationToken ct)
    {
        var wanted = LabelsPerTask(LabeledFileReader.ReadStreaming(path, rowOptions).Where(r => split is null || r.Split == split));
        var client = new Labels.LabelsClient(connection.Channel);
        foreach (var (task, labels) in wanted)
        {
            var existing = (await client.ListLabelsAsync(new ListLabelsRequest { Tenant = connection.Tenant, Task = task }, connection.Call(ct))).Labels.Select(l => l.Name).ToHashSet();
            foreach (var label in labels.Where(l => !existing.Contains(l)))
            {
                await client.AddLabelAsync(new AddLabelRequest { Tenant = connection.Tenant, Label = label, Task = task }, connection.Call(ct));
                Consoles.Err.MarkupLineInterpolated($"[grey]added label {label}{(task.Length == 0 ? "" : $" to task {task}")}[/]");
            }
        }
    }

    /// <summary>The labels the rows use, per task ("" = the default task) in first-seen order; a named task must exist already.</summary>
    internal static List<(string Task, List<string> Labels)> LabelsPerTask(IEnumerable<LabeledText> rows)
    {
        var perTask = new List<(string Task, List<string> Labels)>();
        var seen = new HashSet<(string, string)>();
        void Add(string task, string label)
        {
            if (label.Length == 0 || !seen.Add((task, label))) return;
            var index = perTask.FindIndex(t => t.Task == task);
            if (index < 0) perTask.Add((task, [label]));
            else perTask[index].Labels.Add(label);
        }
        foreach (var row in rows)
        {
            Add("", row.Label);
            foreach (var task in row.Tasks ?? [])
                foreach (var label in task.Labels) Add(task.Task, label);
        }
        return perTask;
    }

    /// <summary>Non-blank lines (minus a CSV header): exact for JSONL, close for CSV (quoted newlines count twice).</summary>
    private static long EstimateRows(string path, bool noHeader)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled data file not found: {path}", path);
        var lines = File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !noHeader ? Math.Max(0, lines - 1) : lines;
    }
}
