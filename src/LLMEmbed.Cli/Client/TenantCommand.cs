using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed tenant create|list|settings|delete|rotate-key|export|import` (admin key).</summary>
internal static class TenantCommand
{
    public static Command Create() => new("tenant", "Create, list, delete, export and import tenants and rotate their keys (admin key)")
    {
        CreateCommand(), ListCommand(), SettingsCommand(), DeleteCommand(), RotateCommand(), TenantArchiveCommands.Export(), TenantArchiveCommands.Import(),
    };

    private static Command CreateCommand()
    {
        var name = new Argument<string>("tenant") { Description = "Tenant id (letters, digits, '-', '_')" };
        var recipe = new Option<string?>("--recipe") { Description = "Fusion recipe (default: the cluster's)" };
        var keepTexts = new Option<bool>("--keep-texts") { Description = "Store raw example texts (needed to re-embed under another recipe)" };
        var rps = new Option<int>("--requests-per-second") { Description = "Limit; 0 = gateway default" };
        var textsPerCall = new Option<int>("--texts-per-call") { Description = "Limit; 0 = gateway default" };
        var maxExamples = new Option<long>("--max-examples") { Description = "Limit; 0 = gateway default" };
        var maxLabels = new Option<int>("--max-labels") { Description = "Limit; 0 = gateway default" };
        var json = new Option<bool>("--json") { Description = "Print {\"tenant\": ..., \"key\": ...}" };
        var longText = LongTextArguments.Create();
        var command = new Command("create", "Create a tenant and print its key (shown once)") { name, recipe, keepTexts, rps, textsPerCall, maxExamples, maxLabels, json };
        longText.AddTo(command);
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var client = new Admin.AdminClient(connection.Channel);
            var request = new CreateTenantRequest
            {
                Tenant = p.GetValue(name)!,
                Recipe = p.GetValue(recipe) ?? "",
                KeepTexts = p.GetValue(keepTexts),
                Limits = new TenantLimits
                {
                    RequestsPerSecond = p.GetValue(rps), TextsPerCall = p.GetValue(textsPerCall),
                    MaxExamples = p.GetValue(maxExamples), MaxLabels = p.GetValue(maxLabels),
                },
                LongText = p.GetValue(longText.Mode) ?? "",
            };
            if (p.GetValue(longText.Overlap) is { } overlap) request.ChunkOverlap = overlap;
            if (p.GetValue(longText.MaxWindows) is { } windows) request.MaxWindows = windows;
            var response = await client.CreateTenantAsync(request, connection.Call(ct));
            PrintKey(response.Tenant, response.Key, p.GetValue(json), "created");
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List tenants") { json };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await new Admin.AdminClient(connection.Channel).ListTenantsAsync(new ListTenantsRequest(), connection.Call(ct));
            if (p.GetValue(json))
            {
                JsonReport.Write(response.Tenants.Select(t => new Dictionary<string, object?>
                {
                    ["tenant"] = t.Tenant, ["recipe"] = t.Recipe, ["labels"] = t.Labels, ["examples"] = t.Examples,
                    ["active_head_version"] = t.ActiveHeadVersion, ["created"] = DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedUnixMs),
                    ["long_text"] = t.LongText, ["windows_per_example"] = t.WindowsPerExample,
                }).ToArray());
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("tenant", "recipe", "long text", "labels", "examples", "windows/example", "active head", "created (UTC)");
            foreach (var t in response.Tenants)
                table.AddRow(Markup.Escape(t.Tenant), Markup.Escape(t.Recipe), t.LongText, t.Labels.ToString(), t.Examples.ToString(),
                    t.WindowsPerExample.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    t.ActiveHeadVersion == 0 ? "-" : t.ActiveHeadVersion.ToString(),
                    DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedUnixMs).ToString("yyyy-MM-dd HH:mm:ss"));
            Consoles.Out.Write(table);
            return 0;
        });
        return command;
    }

    private static Command SettingsCommand()
    {
        var name = new Argument<string>("tenant");
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var longText = LongTextArguments.Create();
        var abstain = new Option<bool?>("--abstain") { Description = "true | false: classify answers \"none\" for out-of-scope texts" };
        var coverage = new Option<double?>("--scope-target-coverage") { Description = "Share of in-scope texts new heads' thresholds answer (0.5..0.999)" };
        var threshold = new Option<double?>("--scope-threshold") { Description = "Scope-score threshold overriding every head's own; 0 clears it" };
        var zeroShotBelow = new Option<int?>("--zero-shot-below") { Description = "Examples each described label needs before the trained head answers instead of zero-shot (default 8)" };
        var command = new Command("settings", "Show a tenant's settings and stats; with --long-text/--chunk-overlap/--max-windows, the scope options or --zero-shot-below, change them first")
            { name, json, abstain, coverage, threshold, zeroShotBelow };
        longText.AddTo(command);
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var client = new Admin.AdminClient(connection.Channel);
            var tenant = p.GetValue(name)!;
            var (mode, overlap, windows) = (p.GetValue(longText.Mode), p.GetValue(longText.Overlap), p.GetValue(longText.MaxWindows));
            TenantSummary summary;
            var (a, c, t) = (p.GetValue(abstain), p.GetValue(coverage), p.GetValue(threshold));
            if (mode is null && overlap is null && windows is null && a is null && c is null && t is null && p.GetValue(zeroShotBelow) is null)
                summary = await client.GetTenantAsync(new GetTenantRequest { Tenant = tenant }, connection.Call(ct));
            else
            {
                var update = new UpdateTenantSettingsRequest { Tenant = tenant, LongText = mode ?? "" };
                if (overlap is { } o) update.ChunkOverlap = o;
                if (windows is { } w) update.MaxWindows = w;
                if (a is { } av) update.Abstain = av;
                if (c is { } cv) update.ScopeTargetCoverage = cv;
                if (t is { } tv) update.ScopeThreshold = tv;
                if (p.GetValue(zeroShotBelow) is { } z) update.ZeroShotBelow = z;
                summary = await client.UpdateTenantSettingsAsync(update, connection.Call(ct));
            }
            TenantSettingsView.Write(summary, p.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = new Argument<string>("tenant");
        var command = new Command("delete", "Delete a tenant with its labels, examples and heads") { name };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            await new Admin.AdminClient(connection.Channel).DeleteTenantAsync(new DeleteTenantRequest { Tenant = p.GetValue(name)! }, connection.Call(ct));
            Consoles.Out.MarkupLineInterpolated($"deleted tenant [bold]{p.GetValue(name)}[/]");
            return 0;
        });
        return command;
    }

    private static Command RotateCommand()
    {
        var name = new Argument<string>("tenant");
        var json = new Option<bool>("--json") { Description = "Print {\"tenant\": ..., \"key\": ...}" };
        var command = new Command("rotate-key", "Replace a tenant's key (the old one stops working)") { name, json };
        var settings = ClientSettings.ForAdmin(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var response = await new Admin.AdminClient(connection.Channel).RotateTenantKeyAsync(new RotateTenantKeyRequest { Tenant = p.GetValue(name)! }, connection.Call(ct));
            PrintKey(response.Tenant, response.Key, p.GetValue(json), "rotated the key of");
            return 0;
        });
        return command;
    }

    private static void PrintKey(string tenant, string key, bool json, string verb)
    {
        if (json)
        {
            JsonReport.Write(new Dictionary<string, string> { ["tenant"] = tenant, ["key"] = key });
            return;
        }
        Consoles.Out.MarkupLineInterpolated($"{verb} tenant [bold]{tenant}[/]; its key (shown once, store it now):");
        Consoles.Out.WriteLine(key);
    }
}
