using System.Diagnostics.Metrics;

namespace LLMEmbed.Core.Batching;

/// <summary>Instruments of the batching loop, under the meter "LLMEmbed.Backbone"; tagged with the backbone id.</summary>
internal static class BackboneMetrics
{
    public const string MeterName = "LLMEmbed.Backbone";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("llmembed.backbone.batch_size", "{sequence}", "Sequences per model run.");

    /// <summary>Seconds, Prometheus' base unit; the buckets span a short GPU run to a long CPU one.</summary>
    public static readonly Histogram<double> BatchDuration =
        Meter.CreateHistogram<double>("llmembed.backbone.batch_duration", "s", "Time of one model run.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly UpDownCounter<int> QueueDepth =
        Meter.CreateUpDownCounter<int>("llmembed.backbone.queue_depth", "{sequence}", "Sequences waiting for a model run.");

    public static readonly Counter<long> Rejected =
        Meter.CreateCounter<long>("llmembed.backbone.rejected", "{sequence}", "Sequences refused because the queue was full.");

    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("llmembed.backbone.dropped", "{sequence}", "Sequences dropped because their caller cancelled.");
}
