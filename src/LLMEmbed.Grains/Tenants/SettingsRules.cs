using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Backbones;
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
        if (settings.ZeroShotBelow is { } zeroShotBelow) CheckZeroShotBelow(zeroShotBelow);
        CheckKeyHash(settings.KeyHash);
    }

    /// <summary>
    /// A long-text setting for a recipe whose smallest backbone window is <paramref name="window"/> tokens.
    /// Windows must advance by at least half a window (else each token is read more than twice), and one
    /// text's windows must fit in one call's work bound (<paramref name="mostWindows"/>).
    /// </summary>
    public static void CheckLongText(LongTextSettings? longText, int window, int mostWindows)
    {
        if (longText is null) return;
        if (!Enum.IsDefined(longText.Mode)) throw new InvalidRequestException($"long_text: {(int)longText.Mode} is not a known mode; use truncate or chunk.", "long_text");
        var overlapBelow = Math.Max(1, window / 2);
        if (longText.Overlap < 0 || longText.Overlap >= overlapBelow)
            throw new InvalidRequestException(
                $"chunk_overlap must be between 0 and {overlapBelow - 1} (under half the recipe's {window}-token window), got {longText.Overlap}.", "chunk_overlap");
        if (longText.MaxWindows < 1 || longText.MaxWindows > mostWindows)
            throw new InvalidRequestException(
                $"max_windows must be between 1 and {mostWindows} (one text's windows must fit in one call's work, Tenants:TokenPassesPerCall), got {longText.MaxWindows}.", "max_windows");
    }

    /// <summary>Coverage 0.5..0.999 (below half, most in-scope texts would be declined); a threshold override is a cosine in (-1, 1].</summary>
    public static void CheckScope(ScopeSettings? scope)
    {
        if (scope is null) throw new InvalidRequestException("scope settings are required.", "scope");
        if (!(scope.TargetCoverage >= 0.5 && scope.TargetCoverage <= 0.999))
            throw new InvalidRequestException($"scope_target_coverage must be between 0.5 and 0.999, got {scope.TargetCoverage}.", "scope_target_coverage");
        if (scope.Threshold is { } t && !(t > -1 && t <= 1))
            throw new InvalidRequestException($"scope_threshold must be above -1 and at most 1 (a cosine), or 0 to clear it; got {t}.", "scope_threshold");
    }

    public const int MaxZeroShotBelow = 100_000;

    public static void CheckZeroShotBelow(int zeroShotBelow)
    {
        if (zeroShotBelow < 0 || zeroShotBelow > MaxZeroShotBelow)
            throw new InvalidRequestException($"zero_shot_below must be between 0 and {MaxZeroShotBelow}, got {zeroShotBelow}.", "zero_shot_below");
    }

    public static void CheckKeyHash(byte[]? keyHash)
    {
        if (keyHash is null || keyHash.Length < 16)
            throw new InvalidRequestException("keyHash must hold at least 16 bytes (a SHA-256 of the key is 32).", "keyHash");
    }
}
