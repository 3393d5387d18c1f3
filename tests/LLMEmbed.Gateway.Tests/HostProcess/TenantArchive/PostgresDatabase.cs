using Npgsql;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>
/// A fresh database of a test's own on the PostgreSQL server LLMEMBED_TEST_POSTGRES names (./test.sh starts one),
/// dropped at dispose. An unreachable server fails the test, never passes it silently.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name = "llmembed_archive_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresDatabase(string server) => _server = server;

    /// <summary>An Npgsql connection string to the new database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("LLMEMBED_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(server), "LLMEMBED_TEST_POSTGRES is not set: ./test.sh starts a PostgreSQL server and sets it (deploy/postgres-test-server.sh).");
        var database = new PostgresDatabase(server!);
        await database.ExecuteAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Timeout = 5 }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
}
