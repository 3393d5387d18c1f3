using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// The public long-text fields (long_text, chunk_overlap, max_windows) to the tenant's setting. Names and
/// signs are checked here; ranges that depend on the recipe's window are checked by the tenant grain.
/// </summary>
internal static class LongTextRequest
{
    /// <summary>Unset fields keep <paramref name="current"/>'s values; an empty mode keeps its mode.</summary>
    public static LongTextSettings Resolve(string? mode, int? overlap, int? maxWindows, LongTextSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var parsed = (mode ?? "").Trim().ToLowerInvariant() switch
        {
            "" => current.Mode,
            "truncate" => LongTextModeContract.Truncate,
            "chunk" => LongTextModeContract.Chunk,
            _ => throw new InvalidRequestException($"long_text: \"{mode}\" is not a long-text mode; use \"truncate\" or \"chunk\".", "long_text"),
        };
        if (overlap < 0) throw new InvalidRequestException($"chunk_overlap must not be negative, got {overlap}.", "chunk_overlap");
        if (maxWindows < 1) throw new InvalidRequestException($"max_windows must be at least 1, got {maxWindows}.", "max_windows");
        return new LongTextSettings(parsed, overlap ?? current.Overlap, maxWindows ?? current.MaxWindows);
    }
}
