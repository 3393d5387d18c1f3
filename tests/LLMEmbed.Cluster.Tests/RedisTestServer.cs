using System.Globalization;
using StackExchange.Redis;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The Redis server the "Redis" tests use: LLMEMBED_TEST_REDIS, else 127.0.0.1:6379 (where
/// ./test.sh starts one). Absence is a failure, never a silent pass.
/// </summary>
public sealed class RedisTestServer : ISharedStore
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("LLMEMBED_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";

    private readonly ConnectionMultiplexer _redis;

    private RedisTestServer(ConnectionMultiplexer redis) => _redis = redis;

    public string Provider => "redis";

    public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Redis:ConnectionString"] = ConnectionString };

    public IDatabase Database => _redis.GetDatabase();

    public static async Task<RedisTestServer> ConnectOrFailAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.ConnectTimeout = 3000;
        options.AbortOnConnectFail = true;
        options.AllowAdmin = true; // INFO, for the memory measurement
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return new RedisTestServer(connection);
        }
        catch (RedisConnectionException e)
        {
            Assert.Fail($"Redis is not reachable at {ConnectionString} ({e.Message}). These tests need a real server: " +
                        "./test.sh starts one (deploy/redis-test-server.sh), or point LLMEMBED_TEST_REDIS at one.");
            throw;
        }
    }

    /// <summary>Orleans' Redis store keys each record as {ServiceId}/state/{grain id}/{record name}.</summary>
    public async Task<IReadOnlyList<RedisKey>> KeysUnderAsync(string prefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in _redis.GetServers().Single().KeysAsync(pattern: prefix + "*")) keys.Add(key);
        return keys;
    }

    public async Task<IReadOnlyList<long>> StateRecordLengthsAsync(string serviceId)
    {
        var lengths = new List<long>();
        foreach (var key in await KeysUnderAsync(serviceId + "/state/"))
            lengths.Add((await Database.HashGetAsync(key, "data")).Length());
        return lengths;
    }

    public async Task<int> MembershipEntriesAsync(string clusterId) => (await KeysUnderAsync(clusterId + "/members/")).Count;

    public async Task<long> UsedBytesAsync()
    {
        var info = await _redis.GetServers().Single().InfoAsync("memory");
        var value = info.SelectMany(group => group).Single(pair => pair.Key == "used_memory").Value ?? "0";
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    public async Task DeleteAsync(string id)
    {
        foreach (var key in await KeysUnderAsync(id)) await Database.KeyDeleteAsync(key);
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}

/// <summary>Shared-server test classes run one after another, so one's memory measurement never sees another's writes.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection
{
    public const string Name = "redis";
}
