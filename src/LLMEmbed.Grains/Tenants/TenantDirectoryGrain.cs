using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>The ids of existing tenants (key 0). Off every hot path: only Create, Delete and ListTenants call it.</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", StorageNames.Default)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public async Task<bool> Add(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (state.State.Tenants.Contains(tenant)) return false;
        state.State = new TenantDirectoryState { Tenants = [.. state.State.Tenants, tenant] };
        await state.WriteStateAsync();
        return true;
    }

    public async Task Remove(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (!state.State.Tenants.Contains(tenant)) return;
        state.State = new TenantDirectoryState { Tenants = state.State.Tenants.Where(t => t != tenant).ToArray() };
        await state.WriteStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(state.State.Tenants.Order(StringComparer.Ordinal).ToArray());
}

[GenerateSerializer, Alias("llmembed.tenant.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    [Id(0)] public string[] Tenants { get; set; } = [];
}
