using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Client request ids of recent example writes with the answer each got, kept in the tenant state and
/// written with the rows, so a retried write (same id) stores nothing and answers as the first did.
/// Only the newest <see cref="TenantOptions.RememberedRequests"/> are kept: an id older than that stores again.
/// </summary>
public static class RequestLedger
{
    public static string? Checked(string? id) => RequestIds.Checked(id);

    public static AddExamplesResult? Find(RequestRecord[] kept, string? id) =>
        id is null ? null : kept.LastOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal))?.Result;

    /// <summary>The ledger with <paramref name="ids"/> answered <paramref name="result"/>, the oldest dropped past <paramref name="keep"/>.</summary>
    public static RequestRecord[] Remember(RequestRecord[] kept, IEnumerable<string?> ids, AddExamplesResult result, int keep)
    {
        var added = ids.OfType<string>().Distinct(StringComparer.Ordinal).Select(id => new RequestRecord(id, result, DateTimeOffset.UtcNow)).ToArray();
        if (added.Length == 0) return kept;
        return [.. kept.Where(k => !added.Any(a => a.Id == k.Id)).Concat(added).TakeLast(keep)];
    }
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.RequestRecord")]
public sealed record RequestRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] AddExamplesResult Result,
    [property: Id(2)] DateTimeOffset At);
