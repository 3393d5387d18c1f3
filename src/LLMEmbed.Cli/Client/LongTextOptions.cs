using System.CommandLine;

namespace LLMEmbed.Cli.Client;

/// <summary>The long-text options of `tenant create` and `tenant settings` (unset = the default, or unchanged).</summary>
internal sealed record LongTextOptions(Option<string?> Mode, Option<int?> Overlap, Option<int?> MaxWindows)
{
    public static LongTextOptions Create() => new(
        new Option<string?>("--long-text") { Description = "Texts over the backbone's window: truncate (default) or chunk (windows pooled back into one vector)" },
        new Option<int?>("--chunk-overlap") { Description = "With chunk: tokens consecutive windows share (default 32)" },
        new Option<int?>("--max-windows") { Description = "With chunk: most windows per text (default 8)" });

    public void AddTo(Command command)
    {
        command.Options.Add(Mode);
        command.Options.Add(Overlap);
        command.Options.Add(MaxWindows);
    }
}
