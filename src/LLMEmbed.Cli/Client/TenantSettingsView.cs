using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>One tenant's settings and stats, as `tenant settings` prints them.</summary>
internal static class TenantSettingsView
{
    public static void Write(TenantSummary t, bool json)
    {
        if (json)
        {
            JsonReport.Write(new Dictionary<string, object?>
            {
                ["tenant"] = t.Tenant, ["recipe"] = t.Recipe, ["long_text"] = t.LongText, ["chunk_overlap"] = t.ChunkOverlap,
                ["max_windows"] = t.MaxWindows, ["labels"] = t.Labels, ["examples"] = t.Examples,
                ["windows_per_example"] = t.WindowsPerExample, ["texts_per_call"] = t.TextsPerCall, ["active_head_version"] = t.ActiveHeadVersion,
                ["abstain"] = t.Abstain, ["scope_target_coverage"] = t.ScopeTargetCoverage, ["scope_threshold"] = t.ScopeThreshold,
            });
            return;
        }
        var longText = t.LongText == "chunk" ? $"chunk (overlap {t.ChunkOverlap}, at most {t.MaxWindows} windows)" : t.LongText;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("setting", "value");
        table.AddRow("tenant", Markup.Escape(t.Tenant));
        table.AddRow("recipe", Markup.Escape(t.Recipe));
        table.AddRow("long text", Markup.Escape(longText));
        table.AddRow("examples", t.Examples.ToString(CultureInfo.InvariantCulture));
        table.AddRow("windows per example", t.WindowsPerExample.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("texts per grain call", t.TextsPerCall.ToString(CultureInfo.InvariantCulture));
        table.AddRow("abstain", t.Abstain
            ? $"yes: new heads answer {t.ScopeTargetCoverage.ToString("P1", CultureInfo.InvariantCulture)} of in-scope texts" +
              (t.ScopeThreshold != 0 ? $", threshold overridden to {t.ScopeThreshold.ToString("0.000", CultureInfo.InvariantCulture)}" : "")
            : "no");
        table.AddRow("active head", t.ActiveHeadVersion == 0 ? "-" : t.ActiveHeadVersion.ToString(CultureInfo.InvariantCulture));
        Consoles.Out.Write(table);
    }
}
