using LLMEmbed.Tests;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>Gives a tenant two labels, a few examples of each and an active head, over HTTP with its key.</summary>
public static class HttpTraining
{
    public static async Task TrainAsync(HttpClient tenantClient, string tenant)
    {
        await HttpJson.OkAsync(tenantClient, HttpMethod.Put, $"/v1/tenants/{tenant}/labels", "{\"labels\":[\"crude\",\"earn\"]}");
        var examples = string.Join(',', Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            $"{{\"text\":\"Oil prices rose {i} dollars a barrel as OPEC cut output.\",\"label\":\"crude\"}}",
            $"{{\"text\":\"The company reported quarterly earnings of {i} cents a share.\",\"label\":\"earn\"}}",
        }));
        await HttpJson.OkAsync(tenantClient, HttpMethod.Post, $"/v1/tenants/{tenant}/examples", $"{{\"examples\":[{examples}]}}");
        var job = (await HttpJson.OkAsync(tenantClient, HttpMethod.Post, $"/v1/tenants/{tenant}/jobs", "{}"))["jobId"]!.GetValue<string>();
        var state = await Eventually.UntilAsync(
            async () => (await HttpJson.OkAsync(tenantClient, HttpMethod.Get, $"/v1/tenants/{tenant}/jobs/{job}"))["state"]!.GetValue<string>(),
            s => s is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED", TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250));
        Assert.Equal("JOB_STATE_SUCCEEDED", state);
    }
}
