using System.CommandLine;
using LLMEmbed.Bench;
using Spectre.Console;

// Bad arguments end in one line and exit code 1; anything else is a bug and keeps its stack trace.
try
{
    return await BenchCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ArgumentException e)
{
    Consoles.Err.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
    return 1;
}
