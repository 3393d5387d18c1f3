using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Tenant keys look like <c>lle_{tenant}.{secret}</c>, the secret being 32 random bytes in base64url.
/// The tenant in the clear lets the gateway tell "valid key, wrong tenant" (PermissionDenied) from
/// "no such key" (Unauthenticated) with one check against the key's own tenant, and no shared
/// key index. Only the SHA-256 of the whole key is stored.
/// </summary>
public static class TenantKey
{
    public const string Prefix = "lle_";
    public const int SecretBytes = 32;

    public static string Generate(string tenant)
    {
        TenantIds.Validate(tenant);
        return $"{Prefix}{tenant}.{Base64Url(RandomNumberGenerator.GetBytes(SecretBytes))}";
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes.</summary>
    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The tenant named inside a well-formed key; false for anything else.</summary>
    public static bool TryGetTenant(string? key, [NotNullWhen(true)] out string? tenant)
    {
        tenant = null;
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var dot = key.LastIndexOf('.');
        if (dot <= Prefix.Length || dot == key.Length - 1) return false;
        var candidate = key[Prefix.Length..dot];
        if (!TenantIds.IsValid(candidate)) return false;
        tenant = candidate;
        return true;
    }

    /// <summary>Constant-time equality of two secrets of any length (compares their hashes).</summary>
    public static bool SecretsEqual(string presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(expected);
        return CryptographicOperations.FixedTimeEquals(Hash(presented), Hash(expected));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
