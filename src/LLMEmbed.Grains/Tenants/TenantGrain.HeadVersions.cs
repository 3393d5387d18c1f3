using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// Head versions per task: listing, promotion and rollback.
public sealed partial class TenantGrain
{
    public Task<HeadVersionInfo[]> ListHeads(string? task = null)
    {
        var record = TenantTasks.Get(Existing(), task);
        return Task.FromResult(record.Heads.Select(h => Describe(h, record)).ToArray());
    }

    public async Task<HeadVersionInfo> Promote(int version, string? task = null)
    {
        var state = Existing();
        var record = TenantTasks.Get(state, task);
        var head = record.Heads.FirstOrDefault(h => h.Version == version)
            ?? throw new NotFoundException($"Task '{record.Name}' of tenant '{Tenant}' has no head version {version}.");
        if (version == record.ActiveVersion) return Describe(head, record);
        return await Activate(state, record, head, PreviousAfter(record));
    }

    public async Task<HeadVersionInfo> Rollback(int version, string? task = null)
    {
        var state = Existing();
        var record = TenantTasks.Get(state, task);
        if (version != 0) return await Promote(version, task);
        if (record.PreviousActive.Length == 0)
            throw new PreconditionFailedException($"Task '{record.Name}' of tenant '{Tenant}' has no earlier active head to roll back to.");
        var previous = record.Heads.First(h => h.Version == record.PreviousActive[^1]);
        return await Activate(state, record, previous, record.PreviousActive[..^1]);
    }

    private async Task<HeadVersionInfo> Activate(TenantState state, TaskRecord task, HeadRecord head, int[] previous)
    {
        var activated = task with { ActiveVersion = head.Version, PreviousActive = previous };
        if (task.IsDefault)
        {
            var loaded = await LoadHead(head.Version);
            await Commit(TenantTasks.Put(state, activated));
            _active = loaded;
        }
        else
        {
            var loaded = await LoadTaskHead(task, head.Version);
            await Commit(TenantTasks.Put(state, activated));
            _taskHeads = _taskHeads.SetItem(task.Key, loaded);
        }
        return Describe(head, activated);
    }

    private async Task<ActiveHead> LoadHead(int version)
    {
        var blob = await _store.ReadHeadAsync(version);
        return new(version, HeadSerializer.FromBytes(blob.Bytes), HeadGuards.From(_state.Heads.FirstOrDefault(h => h.Version == version), blob.ReferenceRows));
    }

    /// <summary>The roll-back stack once the active version is replaced.</summary>
    private static int[] PreviousAfter(TaskRecord t) => t.ActiveVersion == 0 ? t.PreviousActive : [.. t.PreviousActive, t.ActiveVersion];

    private static HeadVersionInfo Describe(HeadRecord h, TaskRecord task) =>
        new(h.Version, h.Kind, h.Version == task.ActiveVersion, h.Metrics, h.Created, h.Examples, h.Mode, h.Tuning, h.Calibration, h.Scope, task.Name);
}
