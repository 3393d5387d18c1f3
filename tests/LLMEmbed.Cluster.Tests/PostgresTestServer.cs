using Npgsql;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The PostgreSQL server the "Postgres" tests use: LLMEMBED_TEST_POSTGRES (an Npgsql connection
/// string), else the loopback server ./test.sh starts (deploy/postgres-test-server.sh). Absence is
/// a failure, never a silent pass. Silos get Postgres:CreateSchema=true, so the start-up schema step runs.
/// </summary>
public sealed class PostgresTestServer : ISharedStore
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("LLMEMBED_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Database=llmembed;Username=postgres";

    private readonly NpgsqlDataSource _source;

    private PostgresTestServer(NpgsqlDataSource source) => _source = source;

    public string Provider => "postgres";

    public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Postgres:ConnectionString"] = ConnectionString,
        ["Postgres:CreateSchema"] = "true",
    };

    public static async Task<PostgresTestServer> ConnectOrFailAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 3 };
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await using var command = source.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
            return new PostgresTestServer(source);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await source.DisposeAsync();
            Assert.Fail($"PostgreSQL is not reachable at {ConnectionString} ({e.Message}). These tests need a real server: " +
                        "./test.sh starts one (deploy/postgres-test-server.sh start DIR PORT), or point LLMEMBED_TEST_POSTGRES at one.");
            throw;
        }
    }

    public async Task<IReadOnlyList<long>> StateRecordLengthsAsync(string serviceId)
    {
        await using var command = Command("SELECT octet_length(payloadbinary) FROM orleansstorage WHERE serviceid = $1 AND payloadbinary IS NOT NULL", serviceId);
        var lengths = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lengths.Add(reader.GetInt32(0));
        return lengths;
    }

    public async Task<int> MembershipEntriesAsync(string clusterId)
    {
        await using var command = Command("SELECT (SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1) + (SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = $1)", clusterId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> UsedBytesAsync()
    {
        await using var command = Command("SELECT pg_total_relation_size('orleansstorage')");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DeleteAsync(string id)
    {
        foreach (var sql in new[]
                 {
                     "DELETE FROM orleansstorage WHERE serviceid = $1",
                     "DELETE FROM orleansmembershiptable WHERE deploymentid = $1",
                     "DELETE FROM orleansmembershipversiontable WHERE deploymentid = $1",
                 })
        {
            await using var command = Command(sql, id);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Creates an empty throwaway database on the same server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var command = _source.CreateCommand($"CREATE DATABASE \"{name}\"");
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var command = _source.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var command = _source.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();
}
