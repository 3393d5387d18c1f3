namespace LLMEmbed.Failure.Tests;

/// <summary>One TLS cluster shared by the tests of its doors (TLS links, revocation across gateways): a cluster start is the slow part.</summary>
public sealed class DoorsCluster : IAsyncLifetime
{
    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
