using System.Globalization;

namespace LLMEmbed.Failure.Tests;

/// <summary>
/// What clients saw around a kill at <see cref="Kill"/>: the first and last failed call, the first
/// success after the last failure, and how many calls failed, per method and overall.
/// </summary>
public sealed class ErrorWindow(DateTime kill, IReadOnlyList<CallRecord> records)
{
    public DateTime Kill { get; } = kill;
    public IReadOnlyList<CallRecord> Records { get; } = records;
    public IReadOnlyList<CallRecord> Failures => Records.Where(r => !r.Ok).ToList();
    public IReadOnlyList<CallRecord> FailuresBeforeKill => Failures.Where(r => r.Ended < Kill).ToList();

    /// <summary>From the kill to the end of the first failed call.</summary>
    public TimeSpan? ToFirstFailure => Failures.Count == 0 ? null : Failures.Min(r => r.Ended) - Kill;

    /// <summary>From the kill to the end of the last failed call: how long clients could see errors.</summary>
    public TimeSpan? ToLastFailure => Failures.Count == 0 ? null : Failures.Max(r => r.Ended) - Kill;

    /// <summary>From the kill to the first call that started after the last failure and succeeded.</summary>
    public TimeSpan? ToRecovery(string? method = null)
    {
        var lastFailure = Failures.Count == 0 ? Kill : Failures.Max(r => r.Ended);
        var first = Records.Where(r => r.Ok && r.Started >= lastFailure && (method is null || r.Method == method)).MinBy(r => r.Ended);
        return first is null ? null : first.Ended - Kill;
    }

    /// <summary>Successful calls after the last failure, per method.</summary>
    public int SuccessesAfterLastFailure(string method)
    {
        var lastFailure = Failures.Count == 0 ? Kill : Failures.Max(r => r.Ended);
        return Records.Count(r => r.Method == method && r.Ok && r.Started >= lastFailure);
    }

    /// <summary>The p-th percentile latency of calls that started within <paramref name="span"/> after the kill.</summary>
    public TimeSpan? LatencyAfterKill(double p, TimeSpan span)
    {
        var durations = Records.Where(r => r.Started >= Kill && r.Started < Kill + span).Select(r => r.Ended - r.Started).Order().ToList();
        if (durations.Count == 0) return null;
        return durations[Math.Min(durations.Count - 1, (int)Math.Ceiling(p / 100 * durations.Count) - 1)];
    }

    public string Describe()
    {
        static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "n/a";
        var lines = new List<string>
        {
            $"calls: {Records.Count} ({Records.Count(r => r.Ok)} ok, {Failures.Count} failed, {FailuresBeforeKill.Count} failed before the kill)",
            $"kill -> first failure: {S(ToFirstFailure)}; kill -> last failure: {S(ToLastFailure)}; kill -> recovered (first success after the last failure): {S(ToRecovery())}",
            $"latency of calls started in the 10 s after the kill: p50 {S(LatencyAfterKill(50, TimeSpan.FromSeconds(10)))}, p99 {S(LatencyAfterKill(99, TimeSpan.FromSeconds(10)))}",
        };
        foreach (var method in Records.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal))
        {
            var mine = Records.Where(r => r.Method == method).ToList();
            var failed = mine.Where(r => !r.Ok).ToList();
            var statuses = string.Join(", ", failed.GroupBy(r => r.Error).Select(g => $"{g.Key} x{g.Count()}"));
            lines.Add($"  {method}: {mine.Count} calls, {failed.Count} failed [{statuses}], recovered {S(ToRecovery(method))} after the kill");
        }
        var example = Failures.FirstOrDefault();
        if (example is not null) lines.Add($"  first error: {example.Error}: {Truncate(example.Detail)}");
        return string.Join('\n', lines);
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "...";
}
