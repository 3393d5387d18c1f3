using System.Globalization;

namespace LLMEmbed;

/// <summary>
/// The long-text defaults and the cache tag of a chunked reading, written once: this file is compiled into
/// LLMEmbed.Core (offline runner, CLI) and into LLMEmbed.Grains.Abstractions (the tenant contract the gateway
/// sees), which may not reference Core.
/// </summary>
internal static class LongTextDefaults
{
    /// <summary>Content tokens a window shares with the one before it.</summary>
    public const int Overlap = 32;

    /// <summary>Most windows per text.</summary>
    public const int MaxWindows = 8;

    /// <summary>Tells chunked vectors apart from truncated ones wherever they are cached (truncated ones carry no tag).</summary>
    public static string CacheTag(int overlap, int maxWindows) =>
        string.Create(CultureInfo.InvariantCulture, $"chunk(o{overlap},m{maxWindows})");
}
