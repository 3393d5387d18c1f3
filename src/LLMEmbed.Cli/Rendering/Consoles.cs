using Spectre.Console;

namespace LLMEmbed.Cli.Rendering;

/// <summary>
/// Results go to stdout, progress and diagnostics to stderr, so `--json` output stays
/// machine-readable while long work still shows progress.
/// </summary>
internal static class Consoles
{
    public static readonly IAnsiConsole Out = AnsiConsole.Console;
    public static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
