using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LLMEmbed.Gateway.Telemetry;

/// <summary>The gateway's ActivitySource and Meter (both named <see cref="Name"/>) and its instruments.</summary>
public static class GatewayTelemetry
{
    public const string Name = "LLMEmbed.Gateway";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("llmembed.gateway.requests", "{request}", "gRPC calls by method and status");
    /// <summary>Seconds, Prometheus' base unit; the buckets span a cached classify to a long import.</summary>
    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("llmembed.gateway.request.duration", "s", "gRPC call latency by method and status", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
    public static readonly Counter<long> TenantRequests =
        Meter.CreateCounter<long>("llmembed.gateway.tenant.requests", "{request}", "gRPC calls by tenant and method");
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("llmembed.gateway.batch.size", "{text}", "Texts or examples per call, by method");
    public static readonly Counter<long> ImportedRows =
        Meter.CreateCounter<long>("llmembed.gateway.import.rows", "{row}", "Rows committed by ImportExamples");
    /// <summary>Tagged by tenant, label ("" for out of scope) and kind: correction (the answer was wrong), confirmation, out_of_scope.</summary>
    public static readonly Counter<long> Feedback =
        Meter.CreateCounter<long>("llmembed.gateway.feedback", "{example}", "Feedback stored as examples, by tenant, label and kind");
    /// <summary>Tagged by reason only (missing, malformed, unknown, wrong_tenant, rate_limited): never the tenant name a caller tried.</summary>
    public static readonly Counter<long> AuthFailures =
        Meter.CreateCounter<long>("llmembed.gateway.auth.failures", "{request}", "Tenant key checks that failed, by reason");
    public static readonly Histogram<double> TrainingDuration =
        Meter.CreateHistogram<double>("llmembed.gateway.training.duration", "s", "Training job wall time, seen when a finished job is first read");
}
