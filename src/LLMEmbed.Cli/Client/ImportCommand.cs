using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// `llmembed import FILE`: streams a JSONL/CSV file of labelled rows through ImportExamples. The
/// gateway commits in chunks; on a bad row the complete chunks before it stay stored.
/// </summary>
internal static class ImportCommand
{
    public const string RowTrailer = "llmembed-import-row";
    public const string CommittedTrailer = "llmembed-import-committed";

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSONL ({\"text\",\"label\"[,\"split\"]} per line) or CSV (text,label[,split])" };
        var split = new Option<string>("--split") { Description = "Import only rows of this split: train | test | all", DefaultValueFactory = _ => "all" };
        var batch = new Option<int>("--batch") { Description = "Rows per stream message", DefaultValueFactory = _ => 256 };
        var truncate = new Option<bool>("--truncate") { Description = "Cut texts over the token limit instead of failing" };
        var addLabels = new Option<bool>("--add-labels") { Description = "First add labels the file uses that the tenant lacks" };
        var command = new Command("import", "Bulk-import labelled examples (streaming, with progress)") { file, split, batch, truncate, addLabels };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(file)!;
            var splitFilter = ParseSplit(p.GetValue(split)!);
            var batchSize = p.GetValue(batch);
            if (batchSize <= 0) throw new ArgumentException($"--batch must be positive, got {batchSize}.");
            using var connection = settings.Connect(p);
            if (p.GetValue(addLabels)) await AddMissingLabelsAsync(connection, path, splitFilter, ct);

            var estimate = EstimateRows(path);
            var sentRows = new List<long>(); // stream row -> data row in the file, to report errors in the file's terms
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
                        long dataRow = 0;
                        foreach (var row in LabeledFileReader.ReadStreaming(path))
                        {
                            dataRow++;
                            task.Increment(1);
                            if (splitFilter is not null && row.Split != splitFilter) continue;
                            message.Examples.Add(new Example { Text = row.Text, Label = row.Label });
                            sentRows.Add(dataRow);
                            if (message.Examples.Count < batchSize) continue;
                            await call.RequestStream.WriteAsync(message, ct);
                            message = NewMessage(connection.Tenant, truncate: false);
                        }
                        if (message.Examples.Count > 0 || sentRows.Count == 0) await call.RequestStream.WriteAsync(message, ct);
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
            catch (RpcException e) when (e.Trailers.GetValue(RowTrailer) is { } rowText
                                         && long.TryParse(rowText, CultureInfo.InvariantCulture, out var streamRow)
                                         && streamRow >= 1 && streamRow <= sentRows.Count)
            {
                throw new RpcException(new Grpc.Core.Status(e.StatusCode, $"{path}: data row {sentRows[(int)(streamRow - 1)]}: {e.Status.Detail}"), e.Trailers);
            }
            Consoles.Out.MarkupLineInterpolated($"imported [bold]{result!.Accepted}[/] examples ({result.Truncated} truncated); the tenant now has [bold]{result.TotalExamples}[/].");
            return 0;
        });
        return command;
    }

    internal static string? ParseSplit(string split) => split.ToLowerInvariant() switch
    {
        "all" => null,
        DataSplit.Train or DataSplit.Test => split.ToLowerInvariant(),
        _ => throw new ArgumentException($"--split must be train, test or all, got \"{split}\"."),
    };

    private static ImportExamplesRequest NewMessage(string tenant, bool truncate) => new() { Tenant = tenant, Truncate = truncate };

    private static async Task AddMissingLabelsAsync(GatewayConnection connection, string path, string? split, CancellationToken ct)
    {
        var wanted = LabeledFileReader.ReadStreaming(path).Where(r => split is null || r.Split == split).Select(r => r.Label).Distinct().ToList();
        var client = new Labels.LabelsClient(connection.Channel);
        var existing = (await client.ListLabelsAsync(new ListLabelsRequest { Tenant = connection.Tenant }, connection.Call(ct))).Labels.Select(l => l.Name).ToHashSet();
        foreach (var label in wanted.Where(l => !existing.Contains(l)))
        {
            await client.AddLabelAsync(new AddLabelRequest { Tenant = connection.Tenant, Label = label }, connection.Call(ct));
            Consoles.Err.MarkupLineInterpolated($"[grey]added label {label}[/]");
        }
    }

    /// <summary>Non-blank lines (minus a CSV header): exact for JSONL, close for CSV (quoted newlines count twice).</summary>
    private static long EstimateRows(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled data file not found: {path}", path);
        var lines = File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Math.Max(0, lines - 1) : lines;
    }
}
