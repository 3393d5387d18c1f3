namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>GET /metrics on the HTTP (Urls) port serves the app's own metrics in Prometheus text format.</summary>
[Collection(HostProcessCollection.Name)]
public sealed class MetricsEndpointTests(HostProcessFixture host)
{
    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format()
    {
        await TenantKeys.CreateAsync(host, "metrics");
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{host.HttpBase}/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE llmembed_gateway_requests_total counter", text);
        Assert.Matches(@"llmembed_gateway_requests_total\{[^}]*method=""llmembed.v1.Admin/CreateTenant""[^}]*\} [1-9]", text);
        Assert.Contains("# TYPE llmembed_gateway_request_duration_milliseconds histogram", text);
    }
}
