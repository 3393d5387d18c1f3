using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>A tenant's creation and deletion, and the directory entry that goes with each.</summary>
public sealed partial class TenantGrain
{
    public async Task<TenantInfo> Create(TenantSettings settings)
    {
        if (_state.Exists)
        {
            // A create whose directory entry was lost (a crash after the state write) lists it now: keys are checked against the directory.
            await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
            throw new AlreadyExistsException($"Tenant '{Tenant}' already exists.");
        }
        SettingsRules.Check(settings);
        CheckLongText(settings.Recipe, settings.LongText);
        if (_state.Deleting) await FinishDelete(_state); // a new tenant never inherits a half-deleted one's records
        var next = new TenantState { Exists = true, Settings = settings, Created = DateTimeOffset.UtcNow };
        await Commit(next);
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
        return Info(next);
    }

    /// <summary>
    /// Marks the tenant deleted in its own state first (from then on it refuses everything, here and after a
    /// restart), then removes its records, then the state. A failure midway leaves a tenant that does not
    /// exist and whose delete can simply be called again, never one that still serves half its data.
    /// </summary>
    public async Task Delete()
    {
        var state = _state;
        if (!state.Exists && !state.Deleting) throw new NotFoundException($"Tenant '{Tenant}' does not exist.");
        if (state.Exists)
        {
            RefuseWhileExporting("deleting the tenant");
            state = state with { Exists = false, Deleting = true };
            await Commit(state);
            _active = null;
            _taskHeads = _taskHeads.Clear();
            _appender.Forget();
            _imports.Clear();
        }
        await FinishDelete(state);
    }

    private async Task FinishDelete(TenantState deleting)
    {
        await _store.DeleteAllAsync(deleting);
        _state = new TenantState();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Remove(Tenant);
    }
}
