using Orleans.Storage;

namespace LLMEmbed.Grains.Storage;

/// <summary>Options of one <see cref="DurableFileGrainStorage"/> provider.</summary>
public sealed class DurableFileStorageOptions
{
    /// <summary>Folder holding one sub-folder per state name; created when missing.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>State serializer; when null, Orleans' binary serializer (compact for vectors, unlike the JSON default).</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    public void Validate(string providerName)
    {
        if (string.IsNullOrWhiteSpace(RootDirectory))
            throw new ArgumentException($"Storage provider '{providerName}': {nameof(RootDirectory)} is required.");
    }
}
