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

    /// <summary>Relative paths are resolved against the current directory. Used by "file" only.</summary>
    public string DataDirectory { get; set; } = "data/grain-state";

    public bool IsRedis => string.Equals(Provider, Redis, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        var known = string.Equals(Provider, File, StringComparison.OrdinalIgnoreCase) || IsRedis;
        if (!known)
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{File}\", \"{Redis}\".");
        if (!IsRedis && string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException($"{SectionName}:{nameof(DataDirectory)} is required.");
    }

    public override string ToString() => IsRedis ? $"Provider={Provider}" : $"Provider={Provider}, DataDirectory={Path.GetFullPath(DataDirectory)}";
}
