using Grpc.Core;

namespace LLMEmbed.Gateway.Security;

/// <summary>Reads <c>authorization: Bearer ...</c>.</summary>
public static class BearerToken
{
    public static string? From(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return From(headers.GetValue("authorization"));
    }

    /// <summary>The token of one authorization header value (HTTP routes read it from the request).</summary>
    public static string? From(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = value[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
