using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using LLMEmbed.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// One in-process silo hosting the test backbone, tenants with the given options, and file storage in a temp folder
/// of its own (or storage the test wires itself): for tests that need tenant settings the shared fixtures lack.
/// </summary>
public sealed class OneSiloCluster : IAsyncDisposable
{
    private OneSiloCluster(InProcessTestCluster cluster, string data)
    {
        Cluster = cluster;
        DataDirectory = data;
    }

    public InProcessTestCluster Cluster { get; }
    public string DataDirectory { get; }
    public IClusterClient Client => Cluster.Client;

    /// <param name="storage">Registers the default grain storage over the data directory; null: durable files there.</param>
    /// <param name="training">The silo's training slots; null: the defaults.</param>
    public static async Task<OneSiloCluster> StartAsync(string name, TenantOptions tenants, Action<ISiloBuilder, string>? storage = null,
        TrainingOptions? training = null)
    {
        var data = Path.Combine(Path.GetTempPath(), $"llmembed-{name}-" + Guid.NewGuid().ToString("N"));
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true, Accelerator = SiloRoleOptions.Cpu }, new BatchingOptions());
            silo.Services.AddSingleton<IBackboneFactory>(new TestBackboneFactory());
            if (storage is null) silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = data);
            else storage(silo, data);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), tenants, training);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new OneSiloCluster(cluster, data);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
