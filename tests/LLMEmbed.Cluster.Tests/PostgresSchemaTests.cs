using LLMEmbed.Host.Postgres;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The schema step on a fresh database: silos starting together apply Orleans' scripts exactly
/// once, and every later start finds them in place and changes nothing.
/// </summary>
[Trait("Category", "Postgres")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    private readonly string _database = "llmembed_schema_" + Guid.NewGuid().ToString("N")[..12];
    private PostgresTestServer? _server;

    public async Task InitializeAsync() => _server = await PostgresTestServer.ConnectOrFailAsync();

    [Fact]
    public async Task Concurrent_applies_on_a_fresh_database_run_each_script_once_and_later_applies_change_nothing()
    {
        var connection = await _server!.CreateDatabaseAsync(_database);
        Assert.Equal(PostgresSchema.Scripts.Select(s => s.Table), await PostgresSchema.MissingTablesAsync(connection));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(connection))));

        // One caller ran all three scripts under the lock; the others waited and found them in place.
        Assert.Single(results, r => r.Count == PostgresSchema.Scripts.Count);
        Assert.Equal(3, results.Count(r => r.Count == 0));
        Assert.Empty(await PostgresSchema.MissingTablesAsync(connection));
        Assert.Empty(await PostgresSchema.ApplyAsync(connection));
    }

    [Fact]
    public async Task A_silo_without_CreateSchema_on_an_empty_database_stops_naming_the_schema_command()
    {
        var connection = await _server!.CreateDatabaseAsync(_database);
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "postgres",
            ["Cluster:AdvertisedIPAddress"] = "127.0.0.1",
            ["Storage:Provider"] = "postgres",
            ["Postgres:ConnectionString"] = connection,
            ["Silo:BackboneHost"] = "false",
        };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EmbeddedHost.StartAsync(settings));
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("schema apply", messages);
        Assert.Contains("Postgres:CreateSchema=true", messages);
        // Nothing was created behind the operator's back.
        Assert.Equal(PostgresSchema.Scripts.Count, (await PostgresSchema.MissingTablesAsync(connection)).Count);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
    }

    public async Task DisposeAsync()
    {
        if (_server is null) return;
        await _server.DropDatabaseAsync(_database);
        await _server.DisposeAsync();
    }
}
