using System.Reflection;
using Npgsql;

namespace LLMEmbed.Host.Postgres;

/// <summary>
/// Orleans' PostgreSQL schema (its own scripts, embedded in this assembly) applied idempotently: one
/// transaction under a transaction-scoped advisory lock, so silos starting together apply it once,
/// and each script is skipped when the table it creates already exists, because Orleans' scripts
/// (plain CREATE TABLE / INSERT) fail when run twice. DDL is transactional in PostgreSQL, so a failed
/// apply leaves nothing half-made.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Any fixed 64-bit number; only LLMEmbed's schema step takes this advisory lock.</summary>
    private const long LockKey = 0x4C4C4D456D626564; // "LLMEmbed"

    /// <summary>Scripts in the order they must run, each with the table that shows it was applied.</summary>
    public static IReadOnlyList<(string Script, string Table)> Scripts { get; } =
    [
        ("PostgreSQL-Main.sql", "orleansquery"),
        ("PostgreSQL-Clustering.sql", "orleansmembershiptable"),
        ("PostgreSQL-Persistence.sql", "orleansstorage"),
    ];

    /// <summary>Applies the missing scripts; returns the names of those it ran (empty when the schema was complete).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var applied = new List<string>();
        foreach (var (script, table) in Scripts)
        {
            if (await TableExistsAsync(connection, transaction, table, cancellationToken)) continue;
            await using var command = new NpgsqlCommand(Read(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(script);
        }
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>The tables of <see cref="Scripts"/> this database lacks (empty: the schema is in place).</summary>
    public static async Task<IReadOnlyList<string>> MissingTablesAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var missing = new List<string>();
        foreach (var (_, table) in Scripts)
            if (!await TableExistsAsync(connection, null, table, cancellationToken)) missing.Add(table);
        return missing;
    }

    public static string Read(string script)
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + script, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded script {script} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
