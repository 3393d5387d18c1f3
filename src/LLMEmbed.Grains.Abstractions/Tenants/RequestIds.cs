using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>Client request ids of AddExamples calls: bounded, since the tenant state keeps the recent ones.</summary>
public static class RequestIds
{
    public const int MaxLength = 64;

    /// <summary>The id, or null for none (empty); longer than <see cref="MaxLength"/> is InvalidArgument.</summary>
    public static string? Checked(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (id.Length > MaxLength) throw new InvalidRequestException($"request_id: {id.Length} characters; at most {MaxLength}.", "request_id");
        return id;
    }
}
