using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Checks on a tenant's settings; each failure names the field.</summary>
public static class SettingsRules
{
    public static void Check(TenantSettings? settings)
    {
        if (settings is null) throw new InvalidRequestException("settings are required.", "settings");
        try
        {
            RecipeCatalog.Create(settings.Recipe);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException($"settings.recipe: {e.Message}", "settings.recipe");
        }
        var limits = settings.Limits ?? throw new InvalidRequestException("settings.limits are required.", "settings.limits");
        if (limits.RequestsPerSecond < 1) throw new InvalidRequestException("settings.limits.requestsPerSecond must be at least 1.", "settings.limits.requestsPerSecond");
        if (limits.TextsPerCall < 1) throw new InvalidRequestException("settings.limits.textsPerCall must be at least 1.", "settings.limits.textsPerCall");
        if (limits.MaxExamples < 1) throw new InvalidRequestException("settings.limits.maxExamples must be at least 1.", "settings.limits.maxExamples");
        if (limits.MaxLabels < 2) throw new InvalidRequestException("settings.limits.maxLabels must be at least 2.", "settings.limits.maxLabels");
        CheckKeyHash(settings.KeyHash);
    }

    public static void CheckKeyHash(byte[]? keyHash)
    {
        if (keyHash is null || keyHash.Length < 16)
            throw new InvalidRequestException("keyHash must hold at least 16 bytes (a SHA-256 of the key is 32).", "keyHash");
    }
}
