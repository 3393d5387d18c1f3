using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LLMEmbed.Cli.Commands;

/// <summary>Debian's scikit-learn run on an exported feature folder through tools/sklearn_peer.py.</summary>
internal static class SklearnPeer
{
    private const string Python = "/usr/bin/python3";

    public sealed record Result(double Accuracy, double TrainSeconds, double C, IReadOnlyList<double> Grid);

    /// <summary>Searches <paramref name="grid"/> (scikit-learn's C); null with the reason when Python or scikit-learn is missing.</summary>
    public static (Result? Result, string? Skipped) Run(string exportDirectory, IReadOnlyList<double> grid)
    {
        if (Unavailable("sklearn_peer.py", out var script) is { } skipped) return (null, skipped);
        using var json = RunScript(script, exportDirectory, grid);
        var root = json.RootElement;
        var searched = root.GetProperty("Cs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        return (new Result(root.GetProperty("accuracy").GetDouble(), root.GetProperty("train_seconds").GetDouble(), root.GetProperty("C").GetDouble(), searched), null);
    }

    /// <summary>Why a peer script cannot run (null when it can), and where it is.</summary>
    internal static string? Unavailable(string scriptName, out string script)
    {
        script = Path.Combine(AppContext.BaseDirectory, "tools", scriptName);
        if (!File.Exists(Python))
            return $"{Python} not found (apt-get install python3-sklearn python3-numpy)";
        var (probe, _, probeError) = Execute("-c \"import sklearn, numpy\"");
        if (probe != 0)
            return $"scikit-learn is not importable by {Python} (apt-get install python3-sklearn python3-numpy): {probeError.Trim()}";
        return File.Exists(script) ? null : $"{script} is missing from the build output";
    }

    /// <summary>Runs a peer script over an export with a C grid; its last stdout line is its JSON result.</summary>
    internal static JsonDocument RunScript(string script, string exportDirectory, IReadOnlyList<double> grid)
    {
        var cs = string.Join(',', grid.Select(c => c.ToString("R", CultureInfo.InvariantCulture)));
        var (code, output, error) = Execute($"\"{script}\" \"{exportDirectory}\" --cs {cs}");
        if (code != 0)
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed ({code}): {error.Trim()}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]);
    }

    private static (int Code, string Output, string Error) Execute(string arguments)
    {
        var start = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    public static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A C grid as printed by compare, e.g. "1e-04 4.6e-04 ... 1e+02".</summary>
    public static string FormatGrid(IEnumerable<double> grid) =>
        string.Join(' ', grid.Order().Select(c => c.ToString("0.#e+00", CultureInfo.InvariantCulture)));
}
