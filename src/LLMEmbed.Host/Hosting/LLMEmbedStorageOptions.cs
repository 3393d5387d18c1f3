using LLMEmbed.Core;

namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Storage": where durable grain state lives.</summary>
public sealed class LLMEmbedStorageOptions
{
    public const string SectionName = "Storage";
    public const string File = "file";
    public const string Redis = "redis";

    /// <summary>
    /// "file": crash-safe files under <see cref="DataDirectory"/> (single node).
    /// "redis": Orleans' Redis grain storage, shared by every silo (see section "Redis").
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

    public void Validate()
    {
        var known = string.Equals(Provider, File, StringComparison.OrdinalIgnoreCase) || IsRedis;
        if (!known)
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{File}\", \"{Redis}\".");
    }

    public override string ToString() => IsRedis ? $"Provider={Provider}" : $"Provider={Provider}, DataDirectory={FullDataDirectory}";
}
