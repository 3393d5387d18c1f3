using System.Globalization;

namespace LLMEmbed.Host.Telemetry;

/// <summary>One period's key figures, as the console summary line shows them.</summary>
public sealed record KeyFigureSnapshot(
    TimeSpan Period, long Requests, long Failed, long Classified, long Examples, long Embedded,
    long QueueDepth, long CacheHits, long CacheMisses, long TrainingStarted, long TrainingFinished)
{
    /// <summary>
    /// e.g. "last 60 s: 42 requests (3 failed), 1.5 texts/s classified, 180 examples added,
    /// backbone 12.0 seq/s, queue 0, cache hits 64%, training 1 started / 1 finished".
    /// </summary>
    public override string ToString()
    {
        var seconds = Math.Max(Period.TotalSeconds, 1e-3);
        var lookups = CacheHits + CacheMisses;
        var hits = lookups == 0 ? "-" : (100.0 * CacheHits / lookups).ToString("0", CultureInfo.InvariantCulture) + "%";
        return string.Create(CultureInfo.InvariantCulture,
            $"last {seconds:0} s: {Requests} requests ({Failed} failed), {Classified / seconds:0.0} texts/s classified, {Examples} examples added, " +
            $"backbone {Embedded / seconds:0.0} seq/s, queue {QueueDepth}, cache hits {hits}, training {TrainingStarted} started / {TrainingFinished} finished");
    }
}
