using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Batching;
using LLMEmbed.Gateway.Hosting;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// A real host: Kestrel on a free loopback port serving the gateway, an in-process localhost silo
/// with the real MiniLM backbone (CPU, 128 tokens), file storage in a temp folder.
/// </summary>
public sealed class GatewayHostFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key-0123456789";
    public const int TextsPerCall = 64;

    private WebApplication _app = null!;
    private readonly Lazy<Task<TrainedTenant>> _alpha;

    public GatewayHostFixture() => _alpha = new(PrepareAlphaAsync);

    /// <summary>Tenant "alpha": all three topics' training stories imported by streaming, one full training run.</summary>
    public Task<TrainedTenant> AlphaAsync() => _alpha.Value;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmembed-gateway-e2e-" + Guid.NewGuid().ToString("N"));
    public Uri Address { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The host's own cluster client, to read backbone counters.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:AdminKey"] = AdminKey,
            ["Gateway:Listen"] = "http://127.0.0.1:0",
            ["Gateway:ImportChunkSize"] = "50",
            ["Gateway:DefaultRecipe"] = "last",
            ["Gateway:DefaultLimits:RequestsPerSecond"] = "1000",
            ["Gateway:DefaultLimits:TextsPerCall"] = TextsPerCall.ToString(),
        });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "gateway-e2e", clusterId: "gateway-e2e");
            silo.AddActivityPropagation();
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true, Accelerator = SiloRoleOptions.Cpu },
                // A shared CI machine may embed far below its idle speed: admit longer waits than the default.
                new BatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(2), MaxQueueWait = TimeSpan.FromSeconds(25) });
            silo.AddLLMEmbedOnnxBackbones(new OnnxBackboneOptions { IntraOpThreads = 2, MaxTokens = 128 });
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = DataDirectory);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions { MinExamplesPerLabel = 5 });
        });
        builder.AddLLMEmbedGateway(builder.Configuration);
        _app = builder.Build();
        _app.MapLLMEmbedGateway();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);
        Channel = GrpcChannel.ForAddress(Address);
    }

    private async Task<TrainedTenant> PrepareAlphaAsync()
    {
        var api = new GatewayApi(this);
        var key = await api.CreateTenantAsync("alpha");
        await api.Labels.SetLabelsAsync(new Protos.V1.SetLabelsRequest { Tenant = "alpha", Labels = { "crude", "earn", "money-fx" } }, Bearer(key));
        var imported = await api.ImportAsync("alpha", key, GatewayApi.Pairs(Reuters.Split("train")));
        var job = await api.TrainAndWaitAsync("alpha", key);
        return new TrainedTenant("alpha", key, imported, job);
    }

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    public static Metadata Admin => Bearer(AdminKey);

    public async Task DisposeAsync()
    {
        Channel.Dispose();
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

public sealed record TrainedTenant(string Tenant, string Key, Protos.V1.AddExamplesResponse Imported, Protos.V1.Job Job);

[CollectionDefinition(Name)]
public sealed class GatewayHostCollection : ICollectionFixture<GatewayHostFixture>
{
    public const string Name = "gateway-host";
}
