using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Host.Postgres;

/// <summary>
/// Postgres:CreateSchema=true: the schema is applied in the silo's first lifecycle stage, before
/// membership or grain storage touch the database. Without it, a missing table stops the start with a
/// message saying how to create it, instead of Orleans' first failing query.
/// </summary>
internal sealed class PostgresSchemaStartup(LLMEmbedPostgresOptions options, ILogger<PostgresSchemaStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(PostgresSchemaStartup), ServiceLifecycleStage.First, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.CreateSchema)
        {
            var applied = await PostgresSchema.ApplyAsync(options.ConnectionString, cancellationToken);
            logger.LogInformation("PostgreSQL schema: {Applied}", applied.Count == 0 ? "already in place" : "applied " + string.Join(", ", applied));
            return;
        }
        var missing = await PostgresSchema.MissingTablesAsync(options.ConnectionString, cancellationToken);
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The PostgreSQL database lacks Orleans' tables ({string.Join(", ", missing)}). Apply the schema once with " +
                $"`dotnet LLMEmbed.Host.dll schema apply` (same configuration), or start with {LLMEmbedPostgresOptions.SectionName}:{nameof(LLMEmbedPostgresOptions.CreateSchema)}=true.");
    }
}
