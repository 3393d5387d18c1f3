using System.Text.Json.Nodes;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>A tenant made over HTTP (admin key), with a client carrying its key.</summary>
public sealed record HttpTenant(string Tenant, string Key, HttpClient Client)
{
    public static async Task<HttpTenant> CreateAsync(HttpHostFixture host, string tenant, string? labels = null)
    {
        using var admin = host.Client(HttpHostFixture.AdminKey);
        var created = await HttpJson.OkAsync(admin, HttpMethod.Post, "/v1/tenants", $"{{\"tenant\":\"{tenant}\"}}");
        var key = created["key"]!.GetValue<string>();
        var result = new HttpTenant(tenant, key, host.Client(key));
        if (labels is not null) await HttpJson.OkAsync(result.Client, HttpMethod.Put, $"/v1/tenants/{tenant}/labels", $"{{\"labels\":{labels}}}");
        return result;
    }

    /// <summary>What the tenant has stored, as JSON text: labels with counts, example counts, heads. Equal snapshots = nothing changed.</summary>
    public async Task<string> SnapshotAsync()
    {
        var labels = await HttpJson.OkAsync(Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/labels?includeRetired=true");
        var counts = await HttpJson.OkAsync(Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/examples/count");
        var heads = await HttpJson.OkAsync(Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/heads");
        return new JsonArray(labels.DeepClone(), counts.DeepClone(), heads.DeepClone()).ToJsonString();
    }
}
