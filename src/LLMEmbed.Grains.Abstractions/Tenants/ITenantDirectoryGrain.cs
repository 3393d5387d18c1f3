namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>The list of tenant ids (for ListTenants). Singleton, key 0; not on any hot path.</summary>
[Alias("llmembed.tenant.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task<bool> Add(string tenant);
    [Alias("Remove")] Task Remove(string tenant);
    [Alias("List")] Task<string[]> List();
}
