using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Three in-process silos; only Silo_1 (not the primary) hosts backbones. All share one
/// deterministic backbone factory and one storage directory.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string HostSiloName = "Silo_1";
    public const int QueueCapacity = 48;

    public TestBackboneFactory Backbones { get; } = new();
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmembed-cluster-" + Guid.NewGuid().ToString("N"));
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) =>
        {
            var role = new SiloRoleOptions { BackboneHost = options.SiloName == HostSiloName, Accelerator = SiloRoleOptions.Cpu };
            var batching = new BatchingOptions { QueueCapacity = QueueCapacity };
            silo.AddLLMEmbedBackbones(role, batching);
            silo.Services.AddSingleton<IBackboneFactory>(Backbones);
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = DataDirectory);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public InProcessSiloHandle Silo(string name) => Cluster.Silos.Single(s => s.Name == name);

    public async Task DisposeAsync()
    {
        foreach (var backbone in Backbones.Created.Values) backbone.Gate.Set();
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
