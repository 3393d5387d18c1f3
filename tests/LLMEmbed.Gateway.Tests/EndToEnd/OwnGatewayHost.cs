using Grpc.Net.Client;
using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// A real in-process host of one test class's own, with a setting the shared fixtures must not have (a small
/// limit that one test fills on purpose), and a channel to it.
/// </summary>
public sealed class OwnGatewayHost : IAsyncDisposable
{
    private readonly InProcessHost _host;

    private readonly Uri _http;

    private OwnGatewayHost(InProcessHost host, string adminKey, Uri http)
    {
        _host = host;
        _http = http;
        AdminKey = adminKey;
        Channel = GrpcChannel.ForAddress(host.Address);
    }

    public string AdminKey { get; }
    public GrpcChannel Channel { get; }

    /// <summary>An HTTP/1.1 client of the host's Urls address (the HTTP/JSON API and the gateway's own HTTP routes).</summary>
    public HttpClient Http() => new() { BaseAddress = _http };

    public static async Task<OwnGatewayHost> StartAsync(string name, string key, string value)
    {
        var adminKey = $"{name}-admin-key-0123456789";
        var settings = RealHostSettings.Create(adminKey, textsPerCall: 16, requestsPerSecond: 1000);
        var http = new Uri($"http://127.0.0.1:{HostProcess.HostProcessFixture.FreePort()}");
        settings["Urls"] = http.ToString().TrimEnd('/');
        settings[key] = value;
        return new OwnGatewayHost(await InProcessHost.StartAsync(name, settings), adminKey, http);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _host.DisposeAsync();
    }
}
