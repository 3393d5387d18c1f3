using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// The real host started by the Host's own in-process start-up (<see cref="InProcessHost"/>: real
/// MiniLM on CPU, file storage in a temp folder, tenants on the "last" recipe), plus a plain HTTP/1.1
/// address from "Urls", where curl, browsers and HttpClient reach the HTTP/JSON API and the console.
/// </summary>
public sealed class HttpHostFixture : IAsyncLifetime
{
    public const string AdminKey = "http-admin-key-0123456789";
    public const int TextsPerCall = 64;
    /// <summary>Small enough for a test to exceed cheaply (the gateway's minimum is 64 KiB).</summary>
    public const int MaxReceiveMessageBytes = 256 * 1024;

    private InProcessHost _host = null!;

    public string DataDirectory => _host.DataDirectory;
    /// <summary>The HTTP/1.1 address, e.g. http://127.0.0.1:40123.</summary>
    public Uri Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var httpPort = FreePort();
        var settings = RealHostSettings.Create(AdminKey, TextsPerCall, requestsPerSecond: 100_000);
        settings["Urls"] = $"http://127.0.0.1:{httpPort}";
        settings["Gateway:MaxReceiveMessageBytes"] = MaxReceiveMessageBytes.ToString(CultureInfo.InvariantCulture);
        _host = await InProcessHost.StartAsync("http-e2e", settings);
        Http = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>An HTTP/1.1 client of the host, with the bearer key when given.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromMinutes(3) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
