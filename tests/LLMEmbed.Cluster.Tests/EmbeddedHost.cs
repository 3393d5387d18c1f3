using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The embedded default as `dotnet run --project src/LLMEmbed.Host` starts it (one localhost silo,
/// gateway co-hosted, real ONNX backbones on the CPU, file storage), with its defaults untouched
/// except loopback ports, a temp data folder, an admin key and quiet logs.
/// </summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private EmbeddedHost(WebApplication app, string data, Uri address, string adminKey)
    {
        _app = app;
        _data = data;
        Channel = GrpcChannel.ForAddress(address);
        Address = address;
        Admin = new Metadata { { "authorization", $"Bearer {adminKey}" } };
    }

    public Uri Address { get; }
    public GrpcChannel Channel { get; }
    public Metadata Admin { get; }
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    public static async Task<EmbeddedHost> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var data = Directory.CreateTempSubdirectory("llmembed-embedded").FullName;
        var adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "",
            ["Gateway:Listen"] = $"http://127.0.0.1:{port}",
            ["Gateway:AdminKey"] = adminKey,
            ["Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Storage:DataDirectory"] = data,
            ["Telemetry:Console"] = "false",
            ["Telemetry:OtlpEndpoint"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var app = LLMEmbedHost.Build(new WebApplicationOptions { ContentRootPath = data }, settings);
        await app.StartAsync();
        return new EmbeddedHost(app, data, new Uri($"http://127.0.0.1:{port}"), adminKey);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* a file still held open: the temp folder is cleaned later */ }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
