namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Storage": where durable grain state lives.</summary>
public sealed class LLMEmbedStorageOptions
{
    public const string SectionName = "Storage";
    public const string File = "file";

    /// <summary>"file": crash-safe files under <see cref="DataDirectory"/> (single node).</summary>
    public string Provider { get; set; } = File;

    /// <summary>Relative paths are resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data/grain-state";

    public void Validate()
    {
        if (!string.Equals(Provider, File, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{File}\".");
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException($"{SectionName}:{nameof(DataDirectory)} is required.");
    }

    public override string ToString() => $"Provider={Provider}, DataDirectory={Path.GetFullPath(DataDirectory)}";
}
