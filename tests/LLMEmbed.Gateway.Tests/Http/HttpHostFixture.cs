using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LLMEmbed.Core.Batching;
using LLMEmbed.Gateway.Hosting;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// A real host as <see cref="EndToEnd.GatewayHostFixture"/> builds it (real MiniLM on CPU, file
/// storage in a temp folder, tenants on the "last" recipe), plus a plain HTTP/1.1 address from
/// "urls", where curl, browsers and HttpClient reach the HTTP/JSON API and the console.
/// </summary>
public sealed class HttpHostFixture : IAsyncLifetime
{
    public const string AdminKey = "http-admin-key-0123456789";
    public const int TextsPerCall = 64;
    /// <summary>Small enough for a test to exceed cheaply (the gateway's minimum is 64 KiB).</summary>
    public const int MaxReceiveMessageBytes = 256 * 1024;

    private WebApplication _app = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmembed-http-" + Guid.NewGuid().ToString("N"));
    /// <summary>The HTTP/1.1 address, e.g. http://127.0.0.1:40123.</summary>
    public Uri Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var httpPort = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{httpPort}",
            ["Gateway:AdminKey"] = AdminKey,
            ["Gateway:Listen"] = "http://127.0.0.1:0",
            ["Gateway:ImportChunkSize"] = "50",
            ["Gateway:MaxReceiveMessageBytes"] = MaxReceiveMessageBytes.ToString(),
            ["Gateway:DefaultRecipe"] = "last",
            ["Gateway:DefaultLimits:RequestsPerSecond"] = "100000",
            ["Gateway:DefaultLimits:TextsPerCall"] = TextsPerCall.ToString(),
        });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "http-e2e", clusterId: "http-e2e");
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true, Accelerator = SiloRoleOptions.Cpu },
                new BatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(2) });
            silo.AddLLMEmbedOnnxBackbones(new OnnxBackboneOptions { IntraOpThreads = 2, MaxTokens = 128 });
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = DataDirectory);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions { MinExamplesPerLabel = 5 });
        });
        builder.AddLLMEmbedGateway(builder.Configuration);
        _app = builder.Build();
        _app.MapLLMEmbedGateway();
        await _app.StartAsync();
        Http = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>An HTTP/1.1 client of the host, with the bearer key when given.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromMinutes(3) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task DisposeAsync()
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
