using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Bench;

/// <summary>
/// The real system, started inside the bench process by the Host's own in-process start-up
/// (<see cref="InProcessHost"/>). Only what the bench must control is overridden; batching, fusion
/// cache and tenant settings keep their defaults.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly InProcessHost _host;

    private BenchHost(InProcessHost host)
    {
        _host = host;
        Admin = new Metadata { { "authorization", $"Bearer {host.AdminKey}" } };
    }

    public Uri Address => _host.Address;
    public string AdminKey => _host.AdminKey;
    public Metadata Admin { get; }
    public string DataDirectory => _host.DataDirectory;

    /// <summary>The silo's services (the fusion hop part calls the silo's fusion code directly).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's grain factory, for counters the public API does not expose (backbone batches, cache hits).</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <param name="threads">Backbone:IntraOpThreads, the same as the bench's in-process measurements.</param>
    /// <param name="maxTokens">Backbone:MaxTokens, the same truncation as the bench's tokenizer.</param>
    /// <param name="alsoPreload">More backbones to load at start-up (the int8 variant for the cluster's int8 pass).</param>
    /// <param name="admitAll">Batching:MaxQueueWait 0: throughput parts must not be refused on a slow, shared machine (the overload part keeps admission).</param>
    /// <param name="extra">Further settings of the scenario (idle collection age, storage provider), applied last.</param>
    public static async Task<BenchHost> StartAsync(string provider, int threads, int maxTokens, string backbone, IReadOnlyList<string>? alsoPreload = null,
        bool admitAll = false, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // The bench drives one tenant far above the per-tenant default of 200 requests/s.
            ["Gateway:DefaultLimits:RequestsPerSecond"] = "1000000",
            ["Silo:BackboneHost"] = "true",
            ["Silo:Accelerator"] = provider == BackboneOptions.Cuda ? "cuda" : "cpu",
            ["Backbone:IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Backbone:InterOpThreads"] = "1",
            ["Backbone:MaxTokens"] = maxTokens.ToString(CultureInfo.InvariantCulture),
            ["Backbones:Preload:0"] = backbone,
            // The fan-out sends every tenant the same texts to measure what many tenants cost the serving path, not
            // backbone work: the cache is shared across tenants for it (an operator's opt-in; per tenant by default).
            ["Fusion:ShareAcrossTenants"] = "true",
        };
        if (admitAll) settings["Batching:MaxQueueWait"] = "00:00:00";
        for (var i = 0; i < (alsoPreload?.Count ?? 0); i++)
            settings[$"Backbones:Preload:{i + 1}"] = alsoPreload![i];
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return new BenchHost(await InProcessHost.StartAsync("llmembed-bench", settings));
    }

    /// <summary>A new client connection (its own HTTP/2 connection), as a separate client process would open.</summary>
    public GrpcChannel NewChannel() => GrpcChannel.ForAddress(Address);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
