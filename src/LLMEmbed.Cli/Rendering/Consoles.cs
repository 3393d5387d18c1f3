using Spectre.Console;

namespace LLMEmbed.Cli.Rendering;

/// <summary>
/// Results go to stdout, progress and diagnostics to stderr, so `--json` output stays
/// machine-readable while long work still shows progress. A stream that is not a terminal gets
/// plain text: no colour codes, no live redraws, and no wrapping at a guessed 80 columns, so
/// piped output greps as one line per message.
/// </summary>
internal static class Consoles
{
    /// <summary>Width used when the stream is not a terminal: wide enough that no message is ever wrapped.</summary>
    internal const int UnwrappedWidth = 100_000;

    public static readonly IAnsiConsole Out = Create(Console.Out, Console.IsOutputRedirected);
    public static readonly IAnsiConsole Err = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>True when stderr, where progress goes, is a terminal that can redraw a progress bar.</summary>
    public static bool ErrIsTerminal => !Console.IsErrorRedirected;

    internal static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = UnwrappedWidth;
        return console;
    }
}
