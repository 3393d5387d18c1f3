namespace LLMEmbed.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public class DurableStateTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Grain_state_survives_deactivation_through_the_file_provider()
    {
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>("durable-counter");
        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, await counter.Increment());
        await fixture.Cluster.DeactivateAsync(counter);
        Assert.Equal(2, await counter.Get());
        Assert.NotEmpty(Directory.GetFiles(fixture.DataDirectory, "*.state", SearchOption.AllDirectories));
    }
}
