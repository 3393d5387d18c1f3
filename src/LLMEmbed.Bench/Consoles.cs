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

    /// <summary>The machine a scenario ran on, its first line and JSON key: cores, CPU model and flags, OS, runtime, build.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores ({LLMEmbed.Core.Benchmarks.CpuInfo.Read()}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, {BenchReport.Build} build";

    /// <summary>A scenario's figures: one JSON object, or one "key value" line each (numbers invariant, 3 decimals).</summary>
    public static void WriteFigures(IReadOnlyDictionary<string, object?> figures, bool json)
    {
        if (json)
        {
            WriteJson(figures);
            return;
        }
        foreach (var (key, value) in figures)
            Console.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{key} {(value is double d ? d.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : value)}"));
    }
}
