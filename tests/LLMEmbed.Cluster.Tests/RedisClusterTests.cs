using LLMEmbed.Tests;
using StackExchange.Redis;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Multi-silo mode on a real Redis server: silos meet through Orleans' Redis membership table and
/// keep grain state in Orleans' Redis storage. Each run uses its own cluster/service id, which is
/// also the prefix of every key it writes, and removes those keys at the end.
/// </summary>
[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private readonly List<RedisSilo> _silos = [];
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisTestServer.ConnectOrFailAsync();

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

        // One record under this run's prefix, stored as Orleans binary (JSON or base64 would be far larger).
        var keys = await KeysUnder(_clusterId + "/state/");
        var key = Assert.Single(keys);
        var data = await _redis.GetDatabase().HashGetAsync(key, "data");
        Assert.InRange(((byte[])data!).Length, payload.Length, payload.Length + 1024);

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
        Assert.NotEmpty(await KeysUnder(_clusterId + "/members/"));

        await second.StopAsync();
        await WaitForActiveSilos(first, 1);
    }

    private async Task<RedisSilo> Start(string name)
    {
        var silo = await RedisSilo.StartAsync(_clusterId, name);
        _silos.Add(silo);
        return silo;
    }

    private static async Task WaitForActiveSilos(RedisSilo silo, int expected)
    {
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var active = await Eventually.UntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count, n => n == expected, TimeSpan.FromSeconds(30));
        if (active != expected) Assert.Fail($"Expected {expected} active silos in the Redis membership table, saw {active} after 30 s.");
    }

    private async Task<List<RedisKey>> KeysUnder(string prefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in _redis.GetServers().Single().KeysAsync(pattern: prefix + "*")) keys.Add(key);
        return keys;
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (_redis is null) return;
        await RedisTestServer.DeleteKeysAsync(_redis, _clusterId);
        await _redis.DisposeAsync();
    }
}
