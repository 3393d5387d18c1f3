using System.Text.RegularExpressions;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Security;

/// <summary>Tenant ids: 1–64 of letters, digits, '-' and '_', starting with a letter or digit (no '.', which ends the id inside a key).</summary>
public static partial class TenantIds
{
    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    /// <summary>Throws <see cref="InvalidRequestException"/> (field "tenant") for a malformed id.</summary>
    public static void Validate(string? tenant)
    {
        if (string.IsNullOrEmpty(tenant))
            throw new InvalidRequestException("tenant is required.", "tenant");
        if (!IsValid(tenant))
            throw new InvalidRequestException(
                $"tenant \"{tenant}\" is not a valid id: use 1-64 letters, digits, '-' or '_', starting with a letter or digit.", "tenant");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
