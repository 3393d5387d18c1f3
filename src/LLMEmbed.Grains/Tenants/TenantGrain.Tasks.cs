using System.Collections.Immutable;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// Named tasks: each its own labels and heads over the same stored rows (see TenantTasks). The default task's head is
// _active; named tasks' active heads are kept here by task key, replaced as one dictionary so readers see old or new whole.
public sealed partial class TenantGrain
{
    private ImmutableDictionary<int, TaskHead> _taskHeads = ImmutableDictionary<int, TaskHead>.Empty;

    public async Task<TaskInfo> CreateTask(string task, TaskKind kind, string[] labels)
    {
        var state = Existing();
        var initial = labels is { Length: > 0 } ? LabelRules.Set([], labels, state.RequiredSettings.Limits, _options.MaxLabelLength) : [];
        var next = TenantTasks.Create(state, task, kind, initial, _options.MaxTasks);
        await Commit(next);
        return TenantTasks.Describe(TenantTasks.Get(next, task));
    }

    public Task<TaskInfo[]> ListTasks() => Task.FromResult(TenantTasks.All(Existing()).Select(TenantTasks.Describe).ToArray());

    public async Task DeleteTask(string task)
    {
        var state = Existing();
        RefuseWhileExporting("deleting a task");
        var record = TenantTasks.Get(state, task);
        // The state stops referencing the task first; its head records go after (a crash between leaves unreferenced records only).
        await Commit(TenantTasks.Remove(state, record));
        _taskHeads = _taskHeads.Remove(record.Key);
        await _store.ClearHeadsAsync(record);
    }

    private static ExampleCounts CountTask(TaskRecord task) =>
        new(task.Examples, task.Labels.Where(l => !l.Retired).ToDictionary(l => l.Name, l => l.Examples, StringComparer.Ordinal));

    /// <summary>Loads every named task's active head (on activation).</summary>
    private async Task LoadTaskHeads()
    {
        var heads = ImmutableDictionary<int, TaskHead>.Empty;
        foreach (var task in _state.Tasks.Where(t => t.ActiveVersion > 0))
            heads = heads.SetItem(task.Key, await LoadTaskHead(task, task.ActiveVersion));
        _taskHeads = heads;
    }

    private async Task<TaskHead> LoadTaskHead(TaskRecord task, int version)
    {
        var blob = await _store.ReadHeadAsync(version, task.Key);
        if (task.Kind == TaskKind.MultiLabel) return new TaskHead(null, new ActiveMultiLabelHead(version, MultiLabelHeadSerializer.FromBytes(blob.Bytes)));
        var record = task.Heads.FirstOrDefault(h => h.Version == version);
        return new TaskHead(new ActiveHead(version, HeadSerializer.FromBytes(blob.Bytes), HeadGuards.From(record, blob.ReferenceRows)), null);
    }

    /// <summary>A named task's active head: single-label (with its guard) or multi-label.</summary>
    private sealed record TaskHead(ActiveHead? Single, ActiveMultiLabelHead? Multi)
    {
        public int Version => Single?.Version ?? Multi!.Version;
    }

    /// <summary>A multi-label head with, per head label, the task label key it stands for (worked out once, not per text).</summary>
    private sealed record ActiveMultiLabelHead(int Version, MultiLabelHead Head)
    {
        public int[] ClassLabels { get; } = Head.Labels.Select(Backbones.ContractMapping.ToLabelIndex).ToArray();
    }
}
