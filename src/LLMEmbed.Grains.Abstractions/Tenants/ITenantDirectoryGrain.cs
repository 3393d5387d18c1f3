namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// The ids of existing tenants (ListTenants; and the gateway's key check, on a cache miss, so a key naming a
/// tenant that does not exist activates no tenant grain). Singleton, key 0.
/// </summary>
[Alias("llmembed.tenant.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task<bool> Add(string tenant);
    [Alias("Remove")] Task Remove(string tenant);
    [Alias("List")] Task<string[]> List();
    /// <summary>Whether the tenant exists (answered from memory; interleaves with every other call).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("Contains")] Task<bool> Contains(string tenant);
}
