using LLMEmbed.Tests;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Multi-silo mode on a real shared server: silos meet through Orleans' membership table and keep
/// grain state in Orleans' grain storage there. The same tests run on Redis and on PostgreSQL
/// (the subclasses). Each run uses its own cluster/service id and removes what it wrote at the end.
/// </summary>
public abstract class SharedClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private readonly List<SharedSilo> _silos = [];
    private ISharedStore? _store;

    protected abstract Task<ISharedStore> ConnectAsync();

    private ISharedStore Store => _store ?? throw new InvalidOperationException("Not connected.");

    public async Task InitializeAsync() => _store = await ConnectAsync();

    [Fact]
    public async Task Grain_state_written_through_one_silo_is_read_back_after_the_cluster_restarts()
    {
        var first = await Start("first");
        var second = await Start("second");
        await WaitForActiveSilos(first, 2);

        var payload = new byte[64 * 1024];
        new Random(7).NextBytes(payload);
        var grain = first.Grains.GetGrain<IBinaryStateGrain>("tenant-a");
        await grain.Write([1, 2, 3]);
        Assert.Equal(2, await grain.Write(payload));

        // One record under this run's service id, stored as Orleans binary (JSON or base64 would be far larger).
        var length = Assert.Single(await Store.StateRecordLengthsAsync(_clusterId));
        Assert.InRange(length, payload.Length, payload.Length + 1024);

        await first.StopAsync();
        await second.StopAsync();

        var third = await Start("third");
        var snapshot = await third.Grains.GetGrain<IBinaryStateGrain>("tenant-a").Read();
        Assert.Equal(2, snapshot.Writes);
        Assert.Equal(payload, snapshot.Payload);
    }

    [Fact]
    public async Task Silos_join_one_membership_table_and_a_stopped_silo_leaves_it()
    {
        var first = await Start("first");
        var second = await Start("second");
        await WaitForActiveSilos(first, 2);
        Assert.True(await Store.MembershipEntriesAsync(_clusterId) > 0, "the cluster id has no membership entries on the server");

        await second.StopAsync();
        await WaitForActiveSilos(first, 1);
    }

    private async Task<SharedSilo> Start(string name)
    {
        var silo = await SharedSilo.StartAsync(Store, _clusterId, name);
        _silos.Add(silo);
        return silo;
    }

    private async Task WaitForActiveSilos(SharedSilo silo, int expected)
    {
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var active = await Eventually.UntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count, n => n == expected, TimeSpan.FromSeconds(30));
        if (active != expected) Assert.Fail($"Expected {expected} active silos in the {Store.Provider} membership table, saw {active} after 30 s.");
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (_store is null) return;
        await _store.DeleteAsync(_clusterId);
        await _store.DisposeAsync();
    }
}

[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests : SharedClusterTests
{
    protected override async Task<ISharedStore> ConnectAsync() => await RedisTestServer.ConnectOrFailAsync();
}

[Trait("Category", "Postgres")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests : SharedClusterTests
{
    protected override async Task<ISharedStore> ConnectAsync() => await PostgresTestServer.ConnectOrFailAsync();
}

/// <summary>PostgreSQL test classes run one after another, so one's size measurement never sees another's writes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "postgres";
}
