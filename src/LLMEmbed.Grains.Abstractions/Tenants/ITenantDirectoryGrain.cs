namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>The list of tenant ids (for ListTenants). Singleton, key 0; not on any hot path.</summary>
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    Task<bool> Add(string tenant);
    Task Remove(string tenant);
    Task<string[]> List();
}
