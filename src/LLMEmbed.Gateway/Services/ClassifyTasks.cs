using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>A classify request that names tasks: its task list checked, and each text's per-task answers as one Classification.</summary>
internal static class ClassifyTasks
{
    /// <summary>The tasks named, non-blank and none twice; "*" (every task) only alone. Whether they exist is the grain's rule.</summary>
    public static string[] Check(IReadOnlyList<string> tasks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tasks[i])) throw new InvalidRequestException($"tasks[{i}] is empty; name a task, or \"{TaskNames.All}\" for all.", $"tasks[{i}]");
            if (!seen.Add(tasks[i])) throw new InvalidRequestException($"tasks[{i}]: the task \"{tasks[i]}\" is named twice.", $"tasks[{i}]");
        }
        if (tasks.Count > 1 && seen.Contains(TaskNames.All))
            throw new InvalidRequestException($"tasks: \"{TaskNames.All}\" asks for every task; name no other task with it.", "tasks");
        return [.. tasks];
    }

    /// <summary>
    /// One text's answers, one per task in the request's order, under a Classification whose own label fields stay empty;
    /// truncated and windows describe the text (<paramref name="cut"/>: the gateway cut it).
    /// </summary>
    public static Api.Classification ToProto(IReadOnlyList<ClassifyResult> perTask, bool cut)
    {
        var answers = perTask.Select(r => cut ? r with { Truncated = true } : r).ToArray();
        var text = new Api.Classification
        {
            Truncated = answers.Any(a => a.Truncated),
            Windows = answers.Length == 0 ? 1 : answers.Max(a => a.Windows),
        };
        text.Tasks.AddRange(answers.Select(a => a.ToProto()));
        return text;
    }
}
