using System.CommandLine;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed backbones` (admin key): every live backbone replica with its batching counters.</summary>
internal static class BackbonesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("backbones", "List the backbone replicas of the cluster: one per backbone per backbone-host silo (admin key)") { json };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await new Admin.AdminClient(connection.Channel).ListBackbonesAsync(new ListBackbonesRequest(), connection.Call(ct));
            if (p.GetValue(json))
            {
                JsonReport.Write(response.Replicas.Select(r => new Dictionary<string, object?>
                {
                    ["backbone"] = r.Backbone, ["silo"] = r.Silo, ["execution_provider"] = r.ExecutionProvider, ["queue_depth"] = r.QueueDepth,
                    ["batches"] = r.Batches, ["sequences"] = r.Sequences, ["mean_batch_size"] = r.MeanBatchSize,
                    ["largest_batch"] = r.LargestBatch, ["rejected"] = r.Rejected, ["dropped"] = r.Dropped,
                }).ToArray());
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("backbone", "silo", "provider", "queue", "batches", "sequences", "mean batch", "largest", "rejected", "dropped");
            foreach (var r in response.Replicas)
                table.AddRow(Markup.Escape(r.Backbone), Markup.Escape(r.Silo), r.ExecutionProvider, N(r.QueueDepth), N(r.Batches), N(r.Sequences),
                    r.MeanBatchSize.ToString("0.0", CultureInfo.InvariantCulture), N(r.LargestBatch), N(r.Rejected), N(r.Dropped));
            Consoles.Out.Write(table);
            if (response.Replicas.Count == 0) Consoles.Out.WriteLine("No backbone has been loaded on a live host yet.");
            return 0;
        });
        return command;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
