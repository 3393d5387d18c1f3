using System.Globalization;

namespace LLMEmbed.Host.Telemetry;

/// <summary>One period's key figures, as the console summary line shows them.</summary>
public sealed record KeyFigureSnapshot(
    TimeSpan Period, long Requests, long Failed, long Classified, long Examples, long Embedded,
    long QueueDepth, long CacheHits, long CacheMisses, long TrainingStarted, long TrainingFinished)
{
    /// <summary>
    /// e.g. "last 60 s: 42 requests (3 failed), 90 texts classified (1.5/s), 180 examples added,
    /// backbone 720 sequences (12.0/s), queue 0, cache hits 64%, training 1 started / 1 finished".
    /// Counts come first: a rate rounded to one decimal would show a quiet minute's few texts as 0.0.
    /// </summary>
    public override string ToString()
    {
        var seconds = Math.Max(Period.TotalSeconds, 1e-3);
        var lookups = CacheHits + CacheMisses;
        var hits = lookups == 0 ? "-" : (100.0 * CacheHits / lookups).ToString("0", CultureInfo.InvariantCulture) + "%";
        return string.Create(CultureInfo.InvariantCulture,
            $"last {seconds:0} s: {Requests} requests ({Failed} failed), {Classified} texts classified ({Classified / seconds:0.0}/s), {Examples} examples added, " +
            $"backbone {Embedded} sequences ({Embedded / seconds:0.0}/s), queue {QueueDepth}, cache hits {hits}, training {TrainingStarted} started / {TrainingFinished} finished");
    }
}
