using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Checks and resolves rows' labels for named tasks to label keys, before any model work, so a bad row costs
/// nothing. Each error names the row and the task (examples[i].labels.task).
/// </summary>
internal static class TaskRowLabels
{
    /// <summary>The default task's key for each row: its label, or <see cref="SegmentLabelKeys.NamedTasksOnly"/> when it labels named tasks only.</summary>
    public static int[] DefaultKeys(TenantState state, LabeledExample[] rows) =>
        rows.Select((r, i) => string.IsNullOrEmpty(r.Label) && r.Tasks is { Length: > 0 }
            ? SegmentLabelKeys.NamedTasksOnly
            : LabelRules.ActiveIndex(state.Labels, r.Label, $"examples[{i}].label")).ToArray();

    /// <summary>Per named task the rows label, each row's keys (null = the row says nothing for that task); null when no row names a task.</summary>
    public static NewTaskRows[]? Resolve(TenantState state, LabeledExample[] rows)
    {
        if (!rows.Any(r => r.Tasks is { Length: > 0 })) return null;
        var columns = new Dictionary<int, int[]?[]>();
        for (var i = 0; i < rows.Length; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var given in rows[i].Tasks ?? [])
            {
                var field = $"examples[{i}].labels.{given.Task}";
                if (TaskNames.OrDefault(given.Task) == TaskNames.Default)
                    throw new InvalidRequestException($"{field}: the default task's label goes in examples[{i}].label.", field);
                if (!seen.Add(given.Task)) throw new InvalidRequestException($"{field}: the task is named twice in one row.", field);
                var task = state.Tasks.FirstOrDefault(t => t.Name == given.Task)
                    ?? throw new InvalidRequestException($"{field}: the tenant has no task '{given.Task}'.", field);
                if (!columns.TryGetValue(task.Key, out var column)) columns[task.Key] = column = new int[]?[rows.Length];
                column[i] = Keys(state, task, given.Labels ?? [], field);
            }
        }
        return columns.Select(c => new NewTaskRows(c.Key, state.Tasks.First(t => t.Key == c.Key).Kind == TaskKind.MultiLabel, c.Value)).ToArray();
    }

    /// <summary>Rows of several chunks joined, per task (a chunk that names no task gives its rows null).</summary>
    public static NewTaskRows[]? Concat(IReadOnlyList<(int Rows, NewTaskRows[]? Tasks)> chunks)
    {
        var keys = chunks.SelectMany(c => c.Tasks ?? []).Select(t => (t.Task, t.MultiLabel)).Distinct().ToArray();
        if (keys.Length == 0) return null;
        return keys.Select(k => new NewTaskRows(k.Task, k.MultiLabel,
            chunks.SelectMany(c => c.Tasks?.FirstOrDefault(t => t.Task == k.Task)?.Rows ?? new int[]?[c.Rows]).ToArray())).ToArray();
    }

    private static int[] Keys(TenantState state, TaskRecord task, string[] labels, string field)
    {
        if (task.Kind == TaskKind.SingleLabel && labels.Length != 1)
            throw new InvalidRequestException($"{field}: task '{task.Name}' is single-label: give exactly one label, not {labels.Length}.", field);
        var twice = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidRequestException($"{field}: label '{twice.Key}' is given twice.", field);
        return labels.Select(label =>
        {
            if (LabelRules.IndexOf(task.Labels, label) < 0 && TenantTasks.All(state).FirstOrDefault(t => LabelRules.IndexOf(t.Labels, label) >= 0) is { } other)
                throw new InvalidRequestException($"{field}: label '{label}' belongs to task '{other.Name}', not '{task.Name}'.", field);
            return LabelRules.ActiveIndex(task.Labels, label, field);
        }).Order().ToArray();
    }
}
