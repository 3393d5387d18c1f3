using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using LLMEmbed.Gateway.Tests.Http;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// GET /metrics on the operator address (Telemetry:OperatorUrls) serves the app's own metrics in
/// Prometheus text format; the public HTTP (Urls) port answers 404 for it, and the operator port serves nothing else.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class MetricsEndpointTests(HostProcessFixture host)
{
    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format()
    {
        await TenantKeys.CreateAsync(host, "metrics");
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{host.OperatorBase}/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE llmembed_gateway_requests_total counter", text);
        Assert.Matches(@"llmembed_gateway_requests_total\{[^}]*method=""llmembed.v1.Admin/CreateTenant""[^}]*\} [1-9]", text);
        Assert.Contains("# TYPE llmembed_gateway_request_duration_seconds histogram", text);
    }

    [Fact]
    public async Task The_public_port_does_not_serve_metrics_and_the_operator_port_serves_nothing_else()
    {
        using var http = new HttpClient();
        using (var metrics = await http.GetAsync($"{host.HttpBase}/metrics"))
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        // A forged Host header naming the operator port changes nothing: the door is the connection's port.
        using (var forged = new HttpRequestMessage(HttpMethod.Get, $"{host.HttpBase}/metrics"))
        {
            forged.Headers.Host = $"127.0.0.1:{host.OperatorPort}";
            using var answer = await http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }
        using (var health = await http.GetAsync($"{host.OperatorBase}/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var api = await http.GetAsync($"{host.OperatorBase}/openapi/v1.json"))
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using (var publicApi = await http.GetAsync($"{host.HttpBase}/openapi/v1.json"))
            Assert.Equal(HttpStatusCode.OK, publicApi.StatusCode);
    }

    /// <summary>
    /// Prometheus' own linter (promtool from Debian's prometheus package; test.sh installs it) accepts
    /// the page after a tenant was made, fed, trained and asked: base units, _total on counters, help texts.
    /// </summary>
    [Fact]
    public async Task Promtool_accepts_the_metrics_after_real_traffic()
    {
        var key = await TenantKeys.CreateAsync(host, "promtool");
        using var tenant = new HttpClient { BaseAddress = new Uri(host.HttpBase), Timeout = TimeSpan.FromMinutes(3) };
        tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await HttpTraining.TrainAsync(tenant, "promtool");
        await HttpJson.OkAsync(tenant, HttpMethod.Post, "/v1/tenants/promtool/classify", "{\"texts\":[\"Crude oil fell.\"]}");

        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync($"{host.OperatorBase}/metrics");
        foreach (var name in new[] { "llmembed_gateway_request_duration_seconds", "llmembed_backbone_batch_duration_seconds", "llmembed_gateway_training_duration_seconds", "orleans_grains" })
            Assert.Contains($"# TYPE {name} ", text);
        var (exitCode, output) = await PromtoolCheckAsync(text);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string metrics)
    {
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception e) { throw new InvalidOperationException("promtool is not installed (Debian: apt-get install prometheus; test.sh does it)", e); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(metrics);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
