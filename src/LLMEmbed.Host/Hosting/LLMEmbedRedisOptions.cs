using StackExchange.Redis;

namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Redis": the server behind the "redis" cluster and storage providers.</summary>
public sealed class LLMEmbedRedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("host:port,password=...,ssl=true").</summary>
    public string ConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>Parsed configuration; the client keeps retrying the connection instead of failing the silo's start on a blip.</summary>
    public ConfigurationOptions ToConfigurationOptions()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        return options;
    }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is required.");
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} is not a valid Redis configuration: {e.Message}", e);
        }
        if (parsed.EndPoints.Count == 0) throw new ArgumentException($"{SectionName}:{nameof(ConnectionString)} names no endpoint.");
    }

    /// <summary>The connection string with any password hidden, for the start-up log.</summary>
    public override string ToString() => $"ConnectionString={ConfigurationOptions.Parse(ConnectionString).ToString(includePassword: false)}";
}
