using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// The ids of existing tenants (key 0): Create, Delete and ListTenants change or read it, and the gateway asks it
/// whether a key's tenant exists before any tenant grain is called. The set is replaced whole after each write,
/// so an interleaved <see cref="Contains"/> reads the old or the new one.
/// </summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", StorageNames.Default)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    private HashSet<string>? _names;

    private HashSet<string> Names => _names ??= new HashSet<string>(state.State.Tenants, StringComparer.Ordinal);

    public async Task<bool> Add(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (Names.Contains(tenant)) return false;
        state.State = new TenantDirectoryState { Tenants = [.. state.State.Tenants, tenant] };
        await state.WriteStateAsync();
        _names = new HashSet<string>(state.State.Tenants, StringComparer.Ordinal);
        return true;
    }

    public async Task Remove(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (!Names.Contains(tenant)) return;
        state.State = new TenantDirectoryState { Tenants = state.State.Tenants.Where(t => t != tenant).ToArray() };
        await state.WriteStateAsync();
        _names = new HashSet<string>(state.State.Tenants, StringComparer.Ordinal);
    }

    public Task<bool> Contains(string tenant) => Task.FromResult(tenant is not null && Names.Contains(tenant));

    public Task<string[]> List() => Task.FromResult(state.State.Tenants.Order(StringComparer.Ordinal).ToArray());
}

[GenerateSerializer, Alias("llmembed.tenant.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    [Id(0)] public string[] Tenants { get; set; } = [];
}
