namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Bounds a task's head history (each head record carries its metrics and confusion matrix, each head blob
/// its weights): past <c>kept</c> versions the oldest go, except the active one and the rollback chain,
/// itself cut to its newest <c>kept - 1</c> entries. The newest version always stays too, so version numbers
/// are never reused (a version's record name stays unique): at most <c>kept + 1</c> remain, when the newest
/// was not promoted.
/// </summary>
public static class HeadRetention
{
    /// <summary>The task with its history pruned, and the versions whose head records can now be removed.</summary>
    public static (TaskRecord Task, int[] Dropped) Prune(TaskRecord task, int kept)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(kept, 1);
        var chain = kept - 1;
        var previous = task.PreviousActive.Length > chain ? task.PreviousActive[^chain..] : task.PreviousActive;
        if (task.Heads.Length <= kept)
            return (previous.Length == task.PreviousActive.Length ? task : task with { PreviousActive = previous }, []);
        var newest = task.Heads.Max(h => h.Version);
        var protectedVersions = previous.Append(task.ActiveVersion).Append(newest).ToHashSet();
        var excess = task.Heads.Length - kept;
        var dropped = task.Heads.Where(h => !protectedVersions.Contains(h.Version)).OrderBy(h => h.Version).Take(excess).Select(h => h.Version).ToHashSet();
        return (task with { Heads = [.. task.Heads.Where(h => !dropped.Contains(h.Version))], PreviousActive = previous }, [.. dropped.Order()]);
    }
}
