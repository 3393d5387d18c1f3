using System.CommandLine;
using LLMEmbed.Core.LongText;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// The long-text flags of `tenant create` and `tenant settings` (unset = the cluster's default, or unchanged).
/// The defaults shown are Core's <see cref="LongTextOptions"/>, which the cluster's tenants share.
/// </summary>
internal sealed record LongTextArguments(Option<string?> Mode, Option<int?> Overlap, Option<int?> MaxWindows)
{
    public static LongTextArguments Create()
    {
        var defaults = new LongTextOptions();
        return new(
            new Option<string?>("--long-text") { Description = "Texts over the backbone's window: truncate (default) or chunk (windows pooled back into one vector)" },
            new Option<int?>("--chunk-overlap") { Description = $"With chunk: tokens consecutive windows share (default {defaults.Overlap})" },
            new Option<int?>("--max-windows") { Description = $"With chunk: most windows per text (default {defaults.MaxWindows})" });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Mode);
        command.Options.Add(Overlap);
        command.Options.Add(MaxWindows);
    }
}
