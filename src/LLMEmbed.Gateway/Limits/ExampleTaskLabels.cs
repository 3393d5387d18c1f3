using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Limits;

/// <summary>
/// The shape of an example's labels: a default-task label and/or labels for named tasks (task_labels), every name and
/// label non-blank and none twice. Whether a task exists, takes one label or many, and knows a label is the tenant grain's rule.
/// </summary>
public static class ExampleTaskLabels
{
    /// <summary>
    /// The row's default-task label and named tasks' labels (null when none). A task_labels entry for "default" with one
    /// label is the default task's label, as the JSONL key "default" is. <paramref name="prefix"/> names the example ("examples[3]." or "").
    /// </summary>
    public static (string Label, TaskLabel[]? Tasks) Check(string label, IReadOnlyList<TaskLabel>? tasks, string prefix)
    {
        if (tasks is null || tasks.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(label)) throw new InvalidRequestException($"{prefix}label is empty.", prefix + "label");
            return (label, null);
        }
        var defaultLabel = string.IsNullOrWhiteSpace(label) ? null : label;
        var named = new List<TaskLabel>(tasks.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            var field = $"{prefix}task_labels[{i}]";
            var (task, labels) = (tasks[i].Task, tasks[i].Labels);
            if (string.IsNullOrWhiteSpace(task))
                throw new InvalidRequestException($"{field}.task is empty; name the task (the default task's label goes in label).", field + ".task");
            if (!seen.Add(task)) throw new InvalidRequestException($"{field}.task: the task \"{task}\" appears twice in task_labels.", field + ".task");
            CheckLabels(labels, field);
            if (task == TaskNames.Default)
            {
                if (labels.Length != 1)
                    throw new InvalidRequestException($"{field}.labels: the default task is single-label; give it exactly one label, found {labels.Length}.", field + ".labels");
                if (defaultLabel is not null)
                    throw new InvalidRequestException($"{field}: label and task_labels both give the default task's label; give one.", field);
                defaultLabel = labels[0];
                continue;
            }
            named.Add(new TaskLabel(task, labels));
        }
        if (defaultLabel is null && named.Count == 0)
            throw new InvalidRequestException($"{prefix}label is empty.", prefix + "label");
        return (defaultLabel ?? "", named.Count == 0 ? null : named.ToArray());
    }

    private static void CheckLabels(string[] labels, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < labels.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(labels[j])) throw new InvalidRequestException($"{field}.labels[{j}] is empty.", $"{field}.labels[{j}]");
            if (!seen.Add(labels[j])) throw new InvalidRequestException($"{field}.labels[{j}]: \"{labels[j]}\" appears twice.", $"{field}.labels[{j}]");
        }
    }
}
