using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using LLMEmbed.Gateway.Tests.Http;

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
        Assert.Contains("# TYPE llmembed_gateway_request_duration_seconds histogram", text);
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

        var text = await tenant.GetStringAsync("/metrics");
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
