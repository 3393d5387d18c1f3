using System.Diagnostics.Metrics;
using LLMEmbed.Gateway.Telemetry;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>The tags of every llmembed.gateway.auth.failures measurement while it listens (the meter is process-wide).</summary>
internal sealed class AuthFailureTags : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<KeyValuePair<string, object?>[]> _tags = [];

    public AuthFailureTags()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayTelemetry.Name && instrument.Name == "llmembed.gateway.auth.failures") l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, t, _) => { lock (_tags) _tags.Add(t.ToArray()); });
        _listener.Start();
    }

    public IReadOnlyList<KeyValuePair<string, object?>[]> Snapshot()
    {
        lock (_tags) return _tags.ToArray();
    }

    /// <summary>How many measurements had reason <paramref name="reason"/>.</summary>
    public int Count(string reason) => Snapshot().Count(t => t.Any(kv => kv.Key == "reason" && Equals(kv.Value, reason)));

    public void Dispose() => _listener.Dispose();
}
