using System.Text.Json;
using Spectre.Console;

namespace LLMEmbed.Bench;

/// <summary>The report goes to stdout, progress to stderr, so `--json` output stays machine-readable.</summary>
internal static class Consoles
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static readonly IAnsiConsole Out = AnsiConsole.Console;
    public static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
