using LLMEmbed.Core;

namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Storage": where durable grain state lives.</summary>
public sealed class LLMEmbedStorageOptions
{
    public const string SectionName = "Storage";
    public const string File = "file";
    public const string Redis = "redis";
    public const string Postgres = "postgres";

    /// <summary>
    /// "file": crash-safe files under <see cref="DataDirectory"/> (single node).
    /// "redis": Orleans' Redis grain storage, shared by every silo (see section "Redis").
    /// "postgres": Orleans' ADO.NET grain storage on PostgreSQL, shared by every silo (see section "Postgres").
    /// </summary>
    public string Provider { get; set; } = File;

    /// <summary>
    /// Used by "file" only. Empty = the per-user default beside the model cache,
    /// $LLMEMBED_HOME/data/grain-state (LLMEMBED_HOME defaults to ~/.cache/llmembed), so state never
    /// lands in the source tree whatever directory `dotnet run` starts in; a relative path is resolved
    /// against the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The absolute directory <see cref="DataDirectory"/> names.</summary>
    public string FullDataDirectory => string.IsNullOrWhiteSpace(DataDirectory)
        ? Path.Combine(LLMEmbedPaths.Default().Data, "grain-state")
        : Path.GetFullPath(DataDirectory);

    public bool IsRedis => string.Equals(Provider, Redis, StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
    public bool IsFile => string.Equals(Provider, File, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        var known = IsFile || IsRedis || IsPostgres;
        if (!known)
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{File}\", \"{Redis}\", \"{Postgres}\".");
    }

    /// <summary>
    /// File storage is one process's directory: with a shared membership table a tenant grain could
    /// activate on another silo and read a different (stale or empty) state, so that pairing is refused.
    /// </summary>
    public void ValidateWith(LLMEmbedClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Validate();
        if (IsFile && cluster.IsMultiSilo)
            throw new ArgumentException(
                $"{SectionName}:{nameof(Provider)}=\"{File}\" keeps grain state in one silo's directory, so it cannot serve a multi-silo cluster " +
                $"({LLMEmbedClusterOptions.SectionName}:{nameof(LLMEmbedClusterOptions.Provider)}=\"{cluster.Provider}\"); set {SectionName}:{nameof(Provider)}=\"{Redis}\" or \"{Postgres}\".");
    }

    public override string ToString() => IsFile ? $"Provider={Provider}, DataDirectory={FullDataDirectory}" : $"Provider={Provider}";
}
