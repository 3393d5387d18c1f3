namespace LLMEmbed.Grains.Storage;

/// <summary>Grain storage provider names shared by grains ([PersistentState]) and the host's registration.</summary>
public static class StorageNames
{
    /// <summary>Durable state: tenants, heads, configuration.</summary>
    public const string Default = "llmembed";
}
