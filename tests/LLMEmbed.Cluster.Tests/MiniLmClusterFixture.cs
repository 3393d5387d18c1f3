using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>One silo serving the real MiniLM backbone through <see cref="OnnxBackboneFactory"/> (CPU), file storage in a temp folder.</summary>
public sealed class MiniLmClusterFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmembed-minilm-" + Guid.NewGuid().ToString("N"));
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLLMEmbedBackbones(new SiloRoleOptions { BackboneHost = true, Accelerator = SiloRoleOptions.Cpu },
                new BatchingOptions());
            // Short texts only: 128 tokens keeps the real-model tests fast.
            silo.AddLLMEmbedOnnxBackbones(new BackboneOptions { IntraOpThreads = 2, MaxTokens = 128 });
            silo.AddDurableFileGrainStorage(StorageNames.Default, o => o.RootDirectory = DataDirectory);
            silo.AddLLMEmbedTenants(new FusionCacheOptions(), new TenantOptions());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmClusterCollection : ICollectionFixture<MiniLmClusterFixture>
{
    public const string Name = "minilm-cluster";
}
