using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cli.Bench;

/// <summary>
/// The real system, started inside the bench process by the Host's own set-up
/// (<see cref="LLMEmbedHost.Build"/>): one localhost silo with the gateway co-hosted, free loopback
/// ports, a temporary data folder (deleted on dispose) and a generated admin key. Only what the
/// bench must control is overridden; batching, fusion cache and tenant settings keep their defaults.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app, Uri address, string adminKey, string dataDirectory)
    {
        _app = app;
        Address = address;
        Admin = new Metadata { { "authorization", $"Bearer {adminKey}" } };
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }
    public Metadata Admin { get; }
    public string DataDirectory { get; }

    /// <summary>The silo's grain factory, for counters the public API does not expose (backbone batches, cache hits).</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <param name="threads">Backbone:IntraOpThreads, the same as the bench's in-process measurements.</param>
    /// <param name="maxTokens">Backbone:MaxTokens, the same truncation as the bench's tokenizer.</param>
    public static async Task<BenchHost> StartAsync(string provider, int threads, int maxTokens, string backbone)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("llmembed-bench-host").FullName;
        var adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var grpcPort = FreePort();
        var settings = new Dictionary<string, string?>
        {
            // No extra HTTP/1.1 endpoint (/healthz): the bench needs only the gRPC one.
            ["Urls"] = "",
            ["Roles:Silo"] = "true",
            ["Roles:Gateway"] = "true",
            ["Gateway:Listen"] = $"http://127.0.0.1:{grpcPort}",
            ["Gateway:AdminKey"] = adminKey,
            // The bench drives one tenant far above the per-tenant default of 200 requests/s.
            ["Gateway:DefaultLimits:RequestsPerSecond"] = "1000000",
            ["Cluster:Provider"] = LLMEmbedClusterOptions.Localhost,
            ["Cluster:ClusterId"] = "llmembed-bench",
            ["Cluster:ServiceId"] = "llmembed-bench",
            ["Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Storage:Provider"] = LLMEmbedStorageOptions.File,
            ["Storage:DataDirectory"] = dataDirectory,
            ["Silo:BackboneHost"] = "true",
            ["Silo:Accelerator"] = provider == BackboneOptions.Cuda ? "cuda" : "cpu",
            ["Backbone:IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Backbone:InterOpThreads"] = "1",
            ["Backbone:MaxTokens"] = maxTokens.ToString(CultureInfo.InvariantCulture),
            ["Backbones:Preload:0"] = backbone,
            ["Telemetry:Console"] = "false",
            ["Telemetry:OtlpEndpoint"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        };
        // The content root is the temp folder, so no stray appsettings.json changes the measured set-up.
        var app = LLMEmbedHost.Build(new WebApplicationOptions { ContentRootPath = dataDirectory }, settings);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
        return new BenchHost(app, new Uri($"http://127.0.0.1:{grpcPort}"), adminKey, dataDirectory);
    }

    /// <summary>A new client connection (its own HTTP/2 connection), as a separate client process would open.</summary>
    public GrpcChannel NewChannel() => GrpcChannel.ForAddress(Address);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
