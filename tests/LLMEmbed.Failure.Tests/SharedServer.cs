using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using StackExchange.Redis;

namespace LLMEmbed.Failure.Tests;

/// <summary>
/// The server a <see cref="LocalCluster"/> keeps membership and grain state on: what its silos and
/// its Orleans client are told, a reachability check that fails with instructions (never a silent
/// pass), and the clean-up of one cluster's data.
/// </summary>
public abstract class SharedServer
{
    public static SharedServer For(string provider) => provider switch
    {
        "redis" => new RedisServer(),
        "postgres" => new PostgresServer(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "redis or postgres"),
    };

    /// <summary>Cluster:Provider and Storage:Provider.</summary>
    public abstract string Provider { get; }

    /// <summary>LLMEMBED_* variables naming the server.</summary>
    public abstract IReadOnlyDictionary<string, string> SiloEnvironment { get; }

    public abstract void UseClustering(IClientBuilder client);

    public abstract Task EnsureReachableAsync();

    /// <summary>Deletes what the cluster with this cluster/service id wrote.</summary>
    public abstract Task DeleteAsync(string id);

    protected static string Configured(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? configured : fallback;
}

public sealed class RedisServer : SharedServer
{
    private static readonly string Connection = Configured("LLMEMBED_TEST_REDIS", "127.0.0.1:6379");

    public override string Provider => "redis";

    public override IReadOnlyDictionary<string, string> SiloEnvironment { get; } =
        new Dictionary<string, string> { ["LLMEMBED_Redis__ConnectionString"] = Connection };

    public override void UseClustering(IClientBuilder client) => client.UseRedisClustering(o => o.ConfigurationOptions = Parse(abortOnConnectFail: false));

    public override async Task EnsureReachableAsync()
    {
        var options = Parse(abortOnConnectFail: true);
        options.ConnectTimeout = 3000;
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
        }
        catch (RedisConnectionException e)
        {
            Assert.Fail($"Redis is not reachable at {Connection} ({e.Message}). The failure tests need a real server: " +
                        "./test.sh starts one (deploy/redis-test-server.sh), or point LLMEMBED_TEST_REDIS at one.");
        }
    }

    public override async Task DeleteAsync(string id)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(Parse(abortOnConnectFail: false));
        var database = redis.GetDatabase();
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(pattern: id + "*"))
                await database.KeyDeleteAsync(key);
    }

    private static ConfigurationOptions Parse(bool abortOnConnectFail)
    {
        var options = ConfigurationOptions.Parse(Connection);
        options.AbortOnConnectFail = abortOnConnectFail;
        return options;
    }
}

/// <summary>PostgreSQL through Orleans' ADO.NET providers; the silos apply the schema themselves (Postgres:CreateSchema), all three at once.</summary>
public sealed class PostgresServer : SharedServer
{
    private static readonly string Connection = Configured("LLMEMBED_TEST_POSTGRES", "Host=127.0.0.1;Port=5432;Database=llmembed;Username=postgres");

    public override string Provider => "postgres";

    public override IReadOnlyDictionary<string, string> SiloEnvironment { get; } = new Dictionary<string, string>
    {
        ["LLMEMBED_Postgres__ConnectionString"] = Connection,
        ["LLMEMBED_Postgres__CreateSchema"] = "true",
    };

    public override void UseClustering(IClientBuilder client) => client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = Connection;
    });

    public override async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Connection) { Timeout = 3 }.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Assert.Fail($"PostgreSQL is not reachable at {Connection} ({e.Message}). The failure tests need a real server: " +
                        "./test.sh starts one (deploy/postgres-test-server.sh), or point LLMEMBED_TEST_POSTGRES at one.");
        }
    }

    public override async Task DeleteAsync(string id)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        // The tables exist once a silo has started; a cluster that never started leaves nothing to delete.
        await using var command = new NpgsqlCommand(
            "DO $$ BEGIN IF to_regclass('orleansstorage') IS NOT NULL THEN " +
            "DELETE FROM orleansstorage WHERE serviceid = current_setting('llmembed.id'); " +
            "DELETE FROM orleansmembershiptable WHERE deploymentid = current_setting('llmembed.id'); " +
            "DELETE FROM orleansmembershipversiontable WHERE deploymentid = current_setting('llmembed.id'); END IF; END $$", connection);
        await using (var set = new NpgsqlCommand("SELECT set_config('llmembed.id', @id, false)", connection))
        {
            set.Parameters.AddWithValue("id", id);
            await set.ExecuteNonQueryAsync();
        }
        await command.ExecuteNonQueryAsync();
    }
}
