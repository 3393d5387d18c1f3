using System.Net;
using System.Net.Sockets;
using LLMEmbed.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// One silo configured exactly as the host configures itself, from settings: membership and grain
/// storage on one shared server (<see cref="ISharedStore"/>: Redis or PostgreSQL), its own loopback
/// ports. Several run side by side in one test process.
/// </summary>
public sealed class SharedSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private SharedSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's grain storage provider of that name, as grains see it.</summary>
    public IGrainStorage Storage(string name) => _host.Services.GetRequiredKeyedService<IGrainStorage>(name);

    public static async Task<SharedSilo> StartAsync(ISharedStore store, string clusterId, string name)
    {
        var ports = FreePorts(2);
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = store.Provider,
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
            ["Cluster:SiloPort"] = ports[0].ToString(),
            ["Cluster:GatewayPort"] = ports[1].ToString(),
            ["Cluster:AdvertisedIPAddress"] = "127.0.0.1",
            ["Storage:Provider"] = store.Provider,
            ["Silo:BackboneHost"] = "false",
        };
        foreach (var (key, value) in store.Settings) settings[key] = value;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo
            .UseLLMEmbedClustering(builder.Configuration)
            .AddLLMEmbedStorage(builder.Configuration)
            .AddLLMEmbedBackbones(builder.Configuration)
            .Configure<SiloOptions>(o => o.SiloName = name));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return new SharedSilo(host);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    /// <summary>Distinct free ports: every listener is held until all are chosen, so two calls cannot get the same one.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
