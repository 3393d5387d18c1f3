using System.CommandLine;

namespace LLMEmbed.Cli.Client;

/// <summary>`--task NAME` on the commands whose call names one of the tenant's tasks; omitted, the default task (the request's task left empty).</summary>
internal static class TaskOption
{
    public static Option<string?> AddTo(Command command)
    {
        var option = new Option<string?>("--task") { Description = "The tenant's task to act on (see `llmembed tasks list`); omitted, the default task" };
        command.Options.Add(option);
        return option;
    }

    /// <summary>The request field: the name given, or "" for the default task.</summary>
    public static string Value(ParseResult parse, Option<string?> option) => parse.GetValue(option)?.Trim() ?? "";
}
