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
    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("llmembed.gateway.request.duration", "ms", "gRPC call latency by method and status");
    public static readonly Counter<long> TenantRequests =
        Meter.CreateCounter<long>("llmembed.gateway.tenant.requests", "{request}", "gRPC calls by tenant and method");
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("llmembed.gateway.batch.size", "{text}", "Texts or examples per call, by method");
    public static readonly Counter<long> ImportedRows =
        Meter.CreateCounter<long>("llmembed.gateway.import.rows", "{row}", "Rows committed by ImportExamples");
    public static readonly Histogram<double> TrainingDuration =
        Meter.CreateHistogram<double>("llmembed.gateway.training.duration", "s", "Training job wall time, seen when a finished job is first read");
}
