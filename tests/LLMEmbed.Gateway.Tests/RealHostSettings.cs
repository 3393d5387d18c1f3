using System.Globalization;

namespace LLMEmbed.Gateway.Tests;

/// <summary>
/// What every real-model test host of this project overrides: one backbone-host silo on CPU with
/// MiniLM cut to 128 tokens, tenants on the "last" recipe, and a queue wait long enough for a shared
/// CI machine. Each fixture adds its own keys on top.
/// </summary>
internal static class RealHostSettings
{
    /// <summary>Backbone:MaxTokens of every real-model test host.</summary>
    public const int MaxTokens = 128;

    /// <summary>
    /// Tenants:TokenPassesPerCall of these hosts. They admit queue waits of 25 s (below), so one call may
    /// carry only about 2 s of work at the slowest supported 1,000 token-passes/s to finish inside the
    /// 30-second call timeout (the defaults: 10 s of wait, 8 s of work).
    /// </summary>
    public const int TokenPassesPerCall = 2_048;

    public static Dictionary<string, string?> Create(string adminKey, int textsPerCall, int requestsPerSecond) => new()
    {
        ["Gateway:AdminKey"] = adminKey,
        // Tests send many wrong keys from one loopback address on purpose; FailedAuthLimitTests runs its own host with a small limit.
        ["Gateway:FailedAuthPerMinute"] = "1000000",
        ["Gateway:ImportChunkSize"] = "50",
        ["Gateway:DefaultRecipe"] = "last",
        ["Gateway:DefaultLimits:RequestsPerSecond"] = requestsPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Gateway:DefaultLimits:TextsPerCall"] = textsPerCall.ToString(CultureInfo.InvariantCulture),
        ["Silo:BackboneHost"] = "true",
        ["Silo:Accelerator"] = "cpu",
        // A shared CI machine may embed far below its idle speed: admit longer waits than the default.
        ["Batching:MaxQueueWait"] = "00:00:25",
        ["Backbone:IntraOpThreads"] = "2",
        ["Backbone:MaxTokens"] = MaxTokens.ToString(CultureInfo.InvariantCulture),
        ["Tenants:MinExamplesPerLabel"] = "5",
        ["Tenants:TokenPassesPerCall"] = TokenPassesPerCall.ToString(CultureInfo.InvariantCulture),
    };
}
