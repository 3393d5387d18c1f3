using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Training;

/// <summary>
/// The silo's training admission: at most <see cref="TrainingOptions.RunsPerSilo"/> runs hold a slot, up to
/// <see cref="TrainingOptions.QueuedPerSilo"/> more wait in arrival order, and one past that is refused. One instance
/// per silo, shared by every tenant grain the silo hosts, so a storm of tenants pressing train runs a few at a time.
/// </summary>
public sealed class TrainingSlots : IDisposable
{
    public const string MeterName = "LLMEmbed.Training";

    /// <summary>When a full queue suggests trying again: about one short run's time.</summary>
    public static readonly TimeSpan FullQueueRetryAfter = TimeSpan.FromSeconds(15);

    private readonly object _gate = new();
    private readonly LinkedList<TrainingTicket> _waiting = new();
    private readonly TrainingOptions _options;
    private readonly Meter _meter;
    private int _running;

    public TrainingSlots(IOptions<TrainingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("llmembed.training.running", () => Running, description: "Training runs holding a slot on this silo");
        _meter.CreateObservableGauge("llmembed.training.queued", () => Queued, description: "Training runs waiting for a slot on this silo");
    }

    public int Running { get { lock (_gate) return _running; } }
    public int Queued { get { lock (_gate) return _waiting.Count; } }

    /// <summary>A ticket that holds a slot at once or waits for one; refused when the queue is full.</summary>
    public TrainingTicket Enter()
    {
        lock (_gate)
        {
            var ticket = new TrainingTicket(this);
            if (_running < _options.RunsPerSilo)
            {
                _running++;
                ticket.Grant();
                return ticket;
            }
            if (_waiting.Count >= _options.QueuedPerSilo)
                throw new Abstractions.Errors.LimitExceededException(
                    $"This silo already has {_running} training run(s) going and {_waiting.Count} waiting (Training:QueuedPerSilo); try again later.",
                    "training_queue", FullQueueRetryAfter);
            ticket.Node = _waiting.AddLast(ticket);
            return ticket;
        }
    }

    /// <summary>Tickets ahead of <paramref name="ticket"/> in the queue; 0 once it holds a slot.</summary>
    public int Ahead(TrainingTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            if (ticket.Node is null) return 0;
            var ahead = 0;
            for (var node = ticket.Node.Previous; node is not null; node = node.Previous) ahead++;
            return ahead;
        }
    }

    /// <summary>A waiting ticket leaves the queue; a granted one frees its slot for the oldest waiter.</summary>
    internal void Leave(TrainingTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.Node is { } node)
            {
                _waiting.Remove(node);
                ticket.Node = null;
                return;
            }
            if (!ticket.Granted) return;
            if (_waiting.First is { } first)
            {
                // The slot passes straight to the oldest waiter; granted under the lock so its own Leave sees it
                // (continuations run asynchronously, never inside the lock).
                _waiting.RemoveFirst();
                first.Value.Node = null;
                first.Value.Grant();
            }
            else _running--;
        }
    }

    public void Dispose() => _meter.Dispose();
}
