using System.Diagnostics;

namespace LLMEmbed.Gateway.Telemetry;

/// <summary>
/// Records a training job's duration the first time this gateway sees it finished (clients poll
/// GetJob, so each job would otherwise be counted once per poll). Remembers the last 4096 job ids.
/// </summary>
public sealed class TrainingJobObserver
{
    private const int Remembered = 4096;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly object _gate = new();

    public void Finished(string tenant, string jobId, bool succeeded, TimeSpan duration)
    {
        lock (_gate)
        {
            if (!_seen.Add(jobId)) return;
            _order.Enqueue(jobId);
            if (_order.Count > Remembered) _seen.Remove(_order.Dequeue());
        }
        GatewayTelemetry.TrainingDuration.Record(duration.TotalSeconds,
            new TagList { { "tenant", tenant }, { "outcome", succeeded ? "succeeded" : "failed" } });
    }
}
