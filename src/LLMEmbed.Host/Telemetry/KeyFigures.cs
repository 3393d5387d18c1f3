using System.Diagnostics.Metrics;
using LLMEmbed.Core.Batching;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Host.Telemetry;

/// <summary>
/// The few figures an operator reads off the console, gathered in-process from the app's own
/// instruments with a <see cref="MeterListener"/> (independent of any exporter). Counts are per
/// period: <see cref="Take"/> returns them and starts the next period; the queue depth is current.
/// </summary>
public sealed class KeyFigures : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;
    private long _periodStart;
    private long _requests, _failed, _classified, _examples, _embedded, _cacheHits, _cacheMisses, _trainStarted, _trainFinished, _queueDepth;

    public KeyFigures(TimeProvider time)
    {
        _time = time;
        _periodStart = time.GetTimestamp();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is GatewayTelemetry.Name or BackboneBatcher.MeterName or FusionCache.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument.Name, 1, tags));
        _listener.Start();
    }

    private void Record(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument)
        {
            case "llmembed.gateway.requests":
                Interlocked.Add(ref _requests, value);
                var status = Tag(tags, "status");
                if (status != "OK") Interlocked.Add(ref _failed, value);
                else if (Tag(tags, "method")?.EndsWith("/Train", StringComparison.Ordinal) == true) Interlocked.Add(ref _trainStarted, value);
                break;
            case "llmembed.gateway.batch.size":
                if (Tag(tags, "method") == "AddExamples") Interlocked.Add(ref _examples, value);
                else Interlocked.Add(ref _classified, value);
                break;
            case "llmembed.gateway.import.rows": Interlocked.Add(ref _examples, value); break;
            case "llmembed.gateway.training.duration": Interlocked.Add(ref _trainFinished, value); break;
            case "llmembed.backbone.batch_size": Interlocked.Add(ref _embedded, value); break;
            case "llmembed.backbone.queue_depth": Interlocked.Add(ref _queueDepth, value); break;
            case "llmembed.fusion.cache.hits": Interlocked.Add(ref _cacheHits, value); break;
            case "llmembed.fusion.cache.misses": Interlocked.Add(ref _cacheMisses, value); break;
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value?.ToString();
        return null;
    }

    /// <summary>The figures since the previous call (or since start), and the queue depth now.</summary>
    public KeyFigureSnapshot Take()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(Interlocked.Exchange(ref _periodStart, now), now);
        return new KeyFigureSnapshot(elapsed,
            Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _failed, 0),
            Interlocked.Exchange(ref _classified, 0), Interlocked.Exchange(ref _examples, 0), Interlocked.Exchange(ref _embedded, 0),
            Math.Max(0, Interlocked.Read(ref _queueDepth)),
            Interlocked.Exchange(ref _cacheHits, 0), Interlocked.Exchange(ref _cacheMisses, 0),
            Interlocked.Exchange(ref _trainStarted, 0), Interlocked.Exchange(ref _trainFinished, 0));
    }

    public void Dispose() => _listener.Dispose();
}
