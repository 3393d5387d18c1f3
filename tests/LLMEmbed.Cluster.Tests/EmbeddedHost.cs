using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The embedded default as `dotnet run --project src/LLMEmbed.Host` starts it (one localhost silo,
/// gateway co-hosted, real ONNX backbones on the CPU, file storage), started by the Host's own
/// in-process start-up (<see cref="InProcessHost"/>): defaults untouched except loopback ports, a temp
/// data folder, an admin key and quiet logs.
/// </summary>
internal sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly InProcessHost _host;

    private EmbeddedHost(InProcessHost host)
    {
        _host = host;
        Channel = GrpcChannel.ForAddress(host.Address);
        Admin = new Metadata { { "authorization", $"Bearer {host.AdminKey}" } };
    }

    public Uri Address => _host.Address;
    public string AdminKey => _host.AdminKey;
    public GrpcChannel Channel { get; }
    public Metadata Admin { get; }
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    public static async Task<EmbeddedHost> StartAsync(IReadOnlyDictionary<string, string?>? extra = null) =>
        new(await InProcessHost.StartAsync("llmembed-embedded", extra));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _host.DisposeAsync();
    }
}
