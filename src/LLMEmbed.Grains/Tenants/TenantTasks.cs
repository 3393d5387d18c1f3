using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's tasks as pure functions over its state. The default task is projected from (and written back to) the
/// tenant's top-level fields, so every pre-task call and stored record means what it meant; named tasks live in
/// <see cref="TenantState.Tasks"/>.
/// </summary>
internal static class TenantTasks
{
    public const int MaxNameLength = 64;

    public static TaskRecord Default(TenantState state) => new()
    {
        Key = 0, Name = TaskNames.Default, Kind = TaskKind.SingleLabel, Created = state.Created, Labels = state.Labels,
        Examples = state.Labels.Sum(l => l.Examples), Heads = state.Heads, ActiveVersion = state.ActiveVersion, PreviousActive = state.PreviousActive,
    };

    /// <summary>The task named (null or empty: the default one); NotFound naming it otherwise.</summary>
    public static TaskRecord Get(TenantState state, string? name)
    {
        var wanted = TaskNames.OrDefault(name);
        if (wanted == TaskNames.Default) return Default(state);
        return state.Tasks.FirstOrDefault(t => t.Name == wanted) ?? throw new NotFoundException($"task: the tenant has no task '{wanted}'.");
    }

    public static TaskRecord? ByKey(TenantState state, int key) => key == 0 ? Default(state) : state.Tasks.FirstOrDefault(t => t.Key == key);

    /// <summary>Every task, the default one first.</summary>
    public static TaskRecord[] All(TenantState state) => [Default(state), .. state.Tasks];

    /// <summary>The state with <paramref name="task"/> replacing its stored self.</summary>
    public static TenantState Put(TenantState state, TaskRecord task) => task.IsDefault
        ? state with { Labels = task.Labels, Heads = task.Heads, ActiveVersion = task.ActiveVersion, PreviousActive = task.PreviousActive }
        : state with { Tasks = state.Tasks.Select(t => t.Key == task.Key ? task : t).ToArray() };

    public static TenantState Create(TenantState state, string name, TaskKind kind, LabelInfo[] labels, int maxTasks)
    {
        CheckName(name);
        if (!Enum.IsDefined(kind)) throw new InvalidRequestException($"kind {(int)kind} is unknown.", "kind");
        if (name == TaskNames.Default || state.Tasks.Any(t => t.Name == name))
            throw new AlreadyExistsException($"task: the tenant already has a task '{name}'.");
        if (state.Tasks.Length >= maxTasks)
            throw new LimitExceededException($"The tenant has {state.Tasks.Length} tasks besides the default one; at most {maxTasks} (Tenants:MaxTasks).", "MaxTasks");
        var task = new TaskRecord { Key = state.NextTaskKey, Name = name, Kind = kind, Created = DateTimeOffset.UtcNow, Labels = labels };
        return state with { Tasks = [.. state.Tasks, task], NextTaskKey = state.NextTaskKey + 1 };
    }

    public static TenantState Remove(TenantState state, TaskRecord task)
    {
        if (task.IsDefault) throw new InvalidRequestException("task: the default task cannot be deleted.", "task");
        return state with { Tasks = state.Tasks.Where(t => t.Key != task.Key).ToArray() };
    }

    /// <summary>The tasks a classify names, in order ("*" = all, the default first); each at most once.</summary>
    public static TaskRecord[] Resolve(TenantState state, string[]? names)
    {
        if (names is null || names.Length == 0) throw new InvalidRequestException("tasks: name at least one task (\"*\" = all).", "tasks");
        if (names.Contains(TaskNames.All)) return All(state);
        var tasks = names.Select(n => Get(state, n)).ToArray();
        var twice = tasks.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidRequestException($"tasks: '{twice.First().Name}' is named more than once.", "tasks");
        return tasks;
    }

    public static TaskInfo Describe(TaskRecord task) =>
        new(task.Name, task.Kind, task.Labels.Count(l => !l.Retired), task.Examples, task.ActiveVersion, task.Created);

    public static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name)) throw new InvalidRequestException("task: a task name is required.", "task");
        if (name.Length > MaxNameLength)
            throw new InvalidRequestException($"task: names are at most {MaxNameLength} characters, got {name.Length}.", "task");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new InvalidRequestException($"task: '{name}' may hold only letters, digits, '-', '_' and '.'.", "task");
    }
}
