using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LLMEmbed.Host.Hosting;
using Microsoft.AspNetCore.Builder;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>The Orleans dashboard on the real host (LLMEmbedHost.Build): off by default, and when on, only with the admin key.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string AdminKey = "dashboard-admin-key-0123456789";
    private const int FailedPerMinute = 4;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "llmembed-dashboard-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = LLMEmbedHost.Build(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory }, new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{_port}",
            ["Gateway:Listen"] = "http://127.0.0.1:0",
            ["Gateway:AdminKey"] = AdminKey,
            ["Cluster:SiloPort"] = FreePort().ToString(),
            ["Cluster:GatewayPort"] = FreePort().ToString(),
            ["Cluster:ServiceId"] = "dashboard-test",
            ["Cluster:ClusterId"] = "dashboard-test",
            ["Storage:DataDirectory"] = _data,
            ["Telemetry:Console"] = "false",
            ["Dashboard:Enabled"] = "true",
            ["Gateway:FailedAuthPerMinute"] = FailedPerMinute.ToString(),
        });
        await _app.StartAsync();
    }

    [Fact]
    public async Task Dashboard_needs_the_admin_key()
    {
        Assert.False(new LLMEmbedDashboardOptions().Enabled);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        using (var anonymous = await client.GetAsync("/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:not-the-key")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        using (var basic = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + AdminKey)));
            using var response = await client.SendAsync(basic);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        }
    }

    [Fact]
    public async Task Wrong_keys_count_against_the_address_like_the_gateways_own()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        for (var i = 0; i < FailedPerMinute; i++)
        {
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        // Past the limit even the right key waits: a guesser must not learn which guess was right.
        using var right = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var refused = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.Headers.ToString());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
