using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using Spectre.Console;

namespace LLMEmbed.Cli;

/// <summary>Parses, runs, and turns expected failures into one clear line and a non-zero exit code.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Grpc.Core.RpcException e)
        {
            // Gateway failures: the status name first, so scripts can match on it; exit 2 sets them apart from local errors.
            Consoles.Err.MarkupLineInterpolated($"[red]error:[/] {e.StatusCode}: {e.Status.Detail}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException
                                       or LLMEmbed.Core.Data.DataFormatException or FileNotFoundException or KeyNotFoundException)
        {
            Consoles.Err.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
    }
}
