using System.Security.Cryptography;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// The recent classifications of one tenant activation, kept so Feedback can turn a text into an example without
/// embedding it again: at most <c>capacity</c> entries and none older than <c>window</c>, oldest dropped first.
/// Memory is capacity x dimension x 4 bytes (2,048 x 420 = 3.4 MB for the default recipe). An entry remembers the
/// answer its feedback got, so a repeat returns it. In memory only: a deactivated grain or a restarted silo starts
/// empty, and feedback for what it held is NotFound. Used from the grain's turns only (no locking needed).
/// </summary>
internal sealed class PredictionRetention(int capacity, TimeSpan window, TimeProvider clock)
{
    // Ids carry a per-activation random prefix, so an id from another activation is never mistaken for one of ours.
    private readonly string _prefix = "p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + "-";
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _next;

    public int Count => _entries.Count;
    public int Capacity => capacity;
    public TimeSpan Window => window;

    /// <summary>Keeps one classification and returns its prediction id.</summary>
    public string Keep(float[] vector, string text, int windows, string predictedLabel, int headVersion)
    {
        Expire();
        while (_entries.Count >= capacity && _order.TryDequeue(out var oldest)) _entries.Remove(oldest);
        var id = _prefix + (_next++).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        _entries[id] = new Entry(vector, text, windows, predictedLabel, headVersion, clock.GetUtcNow());
        _order.Enqueue(id);
        return id;
    }

    /// <summary>The kept classification, or null when unknown, evicted or older than the window.</summary>
    public Entry? Find(string id)
    {
        Expire();
        return _entries.GetValueOrDefault(id);
    }

    public void Answer(string id, FeedbackResult answer)
    {
        if (_entries.TryGetValue(id, out var entry)) entry.Answer = answer;
    }

    private void Expire()
    {
        var cutoff = clock.GetUtcNow() - window;
        while (_order.TryPeek(out var oldest) && (!_entries.TryGetValue(oldest, out var e) || e.At < cutoff))
        {
            _order.Dequeue();
            _entries.Remove(oldest);
        }
    }

    internal sealed class Entry(float[] vector, string text, int windows, string predictedLabel, int headVersion, DateTimeOffset at)
    {
        public float[] Vector { get; } = vector;
        public string Text { get; } = text;
        public int Windows { get; } = windows;
        public string PredictedLabel { get; } = predictedLabel;
        public int HeadVersion { get; } = headVersion;
        public DateTimeOffset At { get; } = at;
        /// <summary>Set once feedback for it is stored.</summary>
        public FeedbackResult? Answer { get; set; }
    }
}
