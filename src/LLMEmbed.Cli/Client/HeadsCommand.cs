using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed heads list|promote|rollback [--task T]` (tenant key): a task's head versions.</summary>
internal static class HeadsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var list = new Command("list", "List kept head versions with their holdout metrics") { json };
        var listTask = TaskOption.AddTo(list);
        var listSettings = ClientSettings.ForTenant(list);
        list.SetAction(async (p, ct) =>
        {
            using var connection = listSettings.Connect(p);
            var response = await new Training.TrainingClient(connection.Channel).ListHeadsAsync(new ListHeadsRequest { Tenant = connection.Tenant, Task = TaskOption.Value(p, listTask) }, connection.Call(ct));
            if (p.GetValue(json))
            {
                JsonReport.Write(response.Heads.Select(h => new Dictionary<string, object?>
                {
                    ["version"] = h.Version, ["kind"] = h.Kind.ToString().ToLowerInvariant(), ["active"] = h.Active, ["mode"] = h.Mode.ToString().ToLowerInvariant(),
                    ["accuracy"] = h.Metrics?.Accuracy, ["macro_f1"] = h.Metrics?.MacroF1, ["micro_f1"] = h.Metrics?.MicroF1, ["exact_match"] = h.Metrics?.ExactMatch,
                    ["examples"] = h.Examples, ["task"] = h.Task,
                    ["l2"] = h.L2, ["cv_accuracy"] = h.CvAccuracy, ["selection"] = h.Selection,
                    ["temperature"] = h.Temperature, ["ece_before"] = h.EceBefore, ["ece_after"] = h.EceAfter,
                    ["scope_threshold"] = h.ScopeThreshold, ["scope_target_coverage"] = h.ScopeTargetCoverage, ["scope_coverage"] = h.ScopeCoverage, ["scope_rows"] = h.ScopeRows,
                    ["created"] = DateTimeOffset.FromUnixTimeMilliseconds(h.CreatedUnixMs),
                }).ToArray());
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("version", "kind", "mode", "accuracy", "macro F1", "micro F1", "examples", "l2", "cv accuracy", "ECE before/after", "scope threshold", "created (UTC)", "");
            foreach (var h in response.Heads)
                table.AddRow(h.Version.ToString(), h.Kind.ToString().ToLowerInvariant(), h.Mode.ToString().ToLowerInvariant(),
                    h.Metrics?.Accuracy.ToString("0.000") ?? "-", h.Metrics?.MacroF1.ToString("0.000") ?? "-",
                    h.Metrics is { MicroF1: > 0 } multi ? multi.MicroF1.ToString("0.000") : "-", h.Examples.ToString(),
                    h.Selection.Length == 0 ? "-" : h.L2.ToString("g3"), h.CvAccuracy > 0 ? h.CvAccuracy.ToString("0.000") : "-",
                    h.Temperature > 0 ? $"{h.EceBefore:0.000} / {h.EceAfter:0.000}" : "-",
                    h.ScopeRows > 0 ? $"{h.ScopeThreshold:0.000} ({h.ScopeCoverage:P0} of holdout)" : "-",
                    DateTimeOffset.FromUnixTimeMilliseconds(h.CreatedUnixMs).ToString("yyyy-MM-dd HH:mm:ss"), h.Active ? "[green]active[/]" : "");
            Consoles.Out.Write(table);
            return 0;
        });

        var version = new Argument<int>("version") { Description = "Head version" };
        var promote = new Command("promote", "Make a kept head version active") { version };
        var promoteTask = TaskOption.AddTo(promote);
        var promoteSettings = ClientSettings.ForTenant(promote);
        promote.SetAction(async (p, ct) =>
        {
            using var connection = promoteSettings.Connect(p);
            var head = await new Training.TrainingClient(connection.Channel).PromoteAsync(
                new PromoteRequest { Tenant = connection.Tenant, Version = p.GetValue(version), Task = TaskOption.Value(p, promoteTask) }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"head version [bold]{head.Version}[/] is active");
            return 0;
        });

        // Optional and without a shown default: "[default: 0]" read as if version 0 were required or meant something.
        var to = new Argument<int?>("version") { Description = "Optional: the version to return to; omitted, the one active before the current", Arity = ArgumentArity.ZeroOrOne };
        var rollback = new Command("rollback", "Make the previous (or a given) head version active again") { to };
        var rollbackTask = TaskOption.AddTo(rollback);
        var rollbackSettings = ClientSettings.ForTenant(rollback);
        rollback.SetAction(async (p, ct) =>
        {
            using var connection = rollbackSettings.Connect(p);
            var head = await new Training.TrainingClient(connection.Channel).RollbackAsync(
                new RollbackRequest { Tenant = connection.Tenant, Version = p.GetValue(to) ?? 0, Task = TaskOption.Value(p, rollbackTask) }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"rolled back: head version [bold]{head.Version}[/] is active");
            return 0;
        });
        return new Command("heads", "The tenant's trained head versions") { list, promote, rollback };
    }
}
