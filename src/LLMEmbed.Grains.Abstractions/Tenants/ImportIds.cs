using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>Import ids: bounded, since the tenant state keeps the recent ones with their committed counts (ImportLedger).</summary>
public static class ImportIds
{
    /// <summary>Room for the CLI's content hash with its --again suffix and any client's UUID-based id.</summary>
    public const int MaxLength = 128;

    /// <summary>The id, or null for none (empty or blank); longer than <see cref="MaxLength"/> is InvalidArgument.</summary>
    public static string? Checked(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        if (id.Length > MaxLength) throw new InvalidRequestException($"import_id: {id.Length} characters; at most {MaxLength}.", "import_id");
        return id;
    }
}
