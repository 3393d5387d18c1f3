using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LLMEmbed.Failure.Tests;

/// <summary>
/// The silos' Orleans ports speak mutual TLS under the cluster's CA: an Orleans client without a certificate, or with
/// one from another CA, cannot connect and so cannot call a grain past the gateway's tenant keys; one with a
/// certificate of the cluster's CA can. The silos themselves formed their cluster over the same TLS links.
/// </summary>
[Trait("Category", "Failure")]
public sealed class ClusterTlsTests(DoorsCluster doors) : IClassFixture<DoorsCluster>
{
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 240_000)]
    public async Task Only_a_client_with_a_certificate_of_the_cluster_CA_connects()
    {
        var cluster = doors.Cluster;
        Assert.Equal(3, (await cluster.ActiveSilosAsync()).Count); // three silos joined over TLS

        await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartClientAsync(certificate: null, Refusal));
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartClientAsync(ClusterCertificates.Stranger(), Refusal));

        using var admitted = await cluster.StartClientAsync(cluster.Certificates.IssueClient(), LocalCluster.StartTimeout);
        var directory = admitted.Services.GetRequiredService<IClusterClient>().GetGrain<LLMEmbed.Grains.Abstractions.Tenants.ITenantDirectoryGrain>(0);
        Assert.NotNull(await directory.List());
        await admitted.StopAsync();
    }
}
