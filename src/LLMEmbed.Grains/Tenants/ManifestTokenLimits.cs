using LLMEmbed.Core.Models;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Each backbone's token limit as its manifest states it, read once per process from the models/
/// folder (manifests only: no model file is needed). Null for an id without a manifest.
/// </summary>
internal static class ManifestTokenLimits
{
    private static readonly Lazy<ModelCatalog?> Catalog = new(() =>
    {
        try
        {
            return ModelCatalog.Load();
        }
        catch (DirectoryNotFoundException)
        {
            return null; // no models/ folder here: callers use the configured ceiling
        }
    });

    public static int? MaxTokens(string backboneId) =>
        Catalog.Value?.Manifests.FirstOrDefault(m => string.Equals(m.Id, backboneId, StringComparison.OrdinalIgnoreCase))?.MaxTokens;
}
