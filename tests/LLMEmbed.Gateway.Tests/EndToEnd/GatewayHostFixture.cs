using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// The real host, started in-process by the Host's own <see cref="InProcessHost"/>: the gateway on a
/// free loopback port, a localhost silo with the real MiniLM backbone (CPU, 128 tokens), file storage
/// in a temp folder.
/// </summary>
public sealed class GatewayHostFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key-0123456789";
    public const int TextsPerCall = 64;

    /// <summary>
    /// Texts per featurizing grain call of a truncating "last" tenant here: the work bound
    /// (Tenants:TokenPassesPerCall over one pass of Backbone:MaxTokens tokens) within the tenant's TextsPerCall.
    /// </summary>
    public static int RowsPerGrainCall => Math.Min(TextsPerCall, RealHostSettings.TokenPassesPerCall / RealHostSettings.MaxTokens);

    private InProcessHost _host = null!;
    private readonly Lazy<Task<TrainedTenant>> _alpha;

    public GatewayHostFixture() => _alpha = new(PrepareAlphaAsync);

    /// <summary>Tenant "alpha": all three topics' training stories imported by streaming, one full training run.</summary>
    public Task<TrainedTenant> AlphaAsync() => _alpha.Value;
    public Uri Address => _host.Address;
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The host's own cluster client, to read backbone counters.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    /// <summary>The host's one silo (every backbone replica of this host is keyed by it).</summary>
    public SiloAddress Silo => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public async Task InitializeAsync()
    {
        _host = await InProcessHost.StartAsync("gateway-e2e", RealHostSettings.Create(AdminKey, TextsPerCall, requestsPerSecond: 1000));
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
        await _host.DisposeAsync();
    }
}

public sealed record TrainedTenant(string Tenant, string Key, Protos.V1.AddExamplesResponse Imported, Protos.V1.Job Job);

[CollectionDefinition(Name)]
public sealed class GatewayHostCollection : ICollectionFixture<GatewayHostFixture>
{
    public const string Name = "gateway-host";
}
