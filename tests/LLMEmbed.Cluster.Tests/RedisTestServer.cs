using StackExchange.Redis;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The Redis server the "Redis" tests use: LLMEMBED_TEST_REDIS, else 127.0.0.1:6379 (where
/// .ci/run starts one). Absence is a failure, never a silent pass.
/// </summary>
public static class RedisTestServer
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("LLMEMBED_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";

    public static async Task<ConnectionMultiplexer> ConnectOrFailAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.ConnectTimeout = 3000;
        options.AbortOnConnectFail = true;
        options.AllowAdmin = true; // INFO, for the memory measurement
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return connection;
        }
        catch (RedisConnectionException e)
        {
            Assert.Fail($"Redis is not reachable at {ConnectionString} ({e.Message}). These tests need a real server: " +
                        "start one with `redis-server --port 6379 --bind 127.0.0.1 --appendonly yes` (.ci/run does) " +
                        "or point LLMEMBED_TEST_REDIS at one.");
            throw;
        }
    }

    /// <summary>Removes every key under <paramref name="prefix"/> (one test run's service id).</summary>
    public static async Task DeleteKeysAsync(ConnectionMultiplexer connection, string prefix)
    {
        var server = connection.GetServers().Single();
        var database = connection.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
            await database.KeyDeleteAsync(key);
    }
}

/// <summary>Redis test classes run one after another, so one's memory measurement never sees another's writes.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection
{
    public const string Name = "redis";
}
