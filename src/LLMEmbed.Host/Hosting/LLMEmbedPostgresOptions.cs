using Npgsql;

namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Postgres": the server behind the "postgres" cluster and storage providers.</summary>
public sealed class LLMEmbedPostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>Orleans' ADO.NET invariant name for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>An Npgsql connection string ("Host=db;Port=5432;Database=llmembed;Username=llmembed;Password=...").</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Apply Orleans' schema scripts when the silo starts (idempotent: an advisory lock, and a script
    /// is skipped when its table exists). Off by default, so a production database is changed only
    /// on purpose (`LLMEmbed.Host schema apply`, or this switch).
    /// </summary>
    public bool CreateSchema { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is required for the \"postgres\" providers (e.g. \"Host=127.0.0.1;Port=5432;Database=llmembed;Username=llmembed;Password=...\").");
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is not a valid Npgsql connection string: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host)) throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} names no Host.");
        if (string.IsNullOrWhiteSpace(parsed.Database)) throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} names no Database.");
    }

    /// <summary>The connection string with any password hidden, for the start-up log.</summary>
    public override string ToString()
    {
        var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (!string.IsNullOrEmpty(parsed.Password)) parsed.Password = "***";
        return $"ConnectionString={parsed}, CreateSchema={CreateSchema}";
    }
}
