using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace LLMEmbed.Host.Telemetry;

/// <summary>
/// Makes Orleans' own instruments (meter "Microsoft.Orleans") pass Prometheus' naming rules
/// (`promtool check metrics`): those recorded in a unit other than a base one (its latencies in
/// milliseconds, its memory figures in megabytes) are left out, since a view can rename an
/// instrument but not rescale what it records; the rest keep their names (orleans_*) and get a help
/// text that says they are Orleans' own. The app's own latencies are in seconds
/// (llmembed_gateway_request_duration_seconds, llmembed_backbone_batch_duration_seconds).
/// </summary>
public static class OrleansMetricsView
{
    public const string MeterName = "Microsoft.Orleans";

    /// <summary>Units Prometheus takes as they are: none, an annotation such as "{grain}", seconds, bytes, a ratio.</summary>
    private static readonly HashSet<string> BaseUnits = new(StringComparer.Ordinal) { "", "s", "By", "1" };

    /// <summary>The view: null (unchanged) for other meters' instruments.</summary>
    public static MetricStreamConfiguration? Select(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.Meter.Name != MeterName) return null;
        var unit = instrument.Unit ?? "";
        if (!unit.StartsWith('{') && !BaseUnits.Contains(unit)) return MetricStreamConfiguration.Drop;
        return string.IsNullOrWhiteSpace(instrument.Description)
            ? new MetricStreamConfiguration { Description = $"Orleans' own metric {instrument.Name} (see the Orleans documentation)." }
            : null;
    }
}
