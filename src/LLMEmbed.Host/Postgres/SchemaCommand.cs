using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Host.Postgres;

/// <summary>
/// `LLMEmbed.Host schema apply [--Postgres:ConnectionString=...]`: applies Orleans' PostgreSQL schema
/// with the host's own configuration (appsettings.json, LLMEMBED_ variables, arguments) and exits,
/// serving nothing; for databases a silo may not change (Postgres:CreateSchema=false).
/// </summary>
public static class SchemaCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "schema";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["schema", "apply", ..])
        {
            await Console.Error.WriteLineAsync("usage: LLMEmbed.Host schema apply [--Postgres:ConnectionString=...]");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[2..] });
        builder.Configuration.AddEnvironmentVariables("LLMEMBED_");
        var options = builder.Configuration.BindSection<LLMEmbedPostgresOptions>(LLMEmbedPostgresOptions.SectionName);
        try
        {
            options.Validate();
            var applied = await PostgresSchema.ApplyAsync(options.ConnectionString);
            Console.WriteLine(applied.Count == 0
                ? $"schema already in place ({options})"
                : $"applied {string.Join(", ", applied)} ({options})");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"schema apply failed: {e.Message}");
            return 1;
        }
    }
}
