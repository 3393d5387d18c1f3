namespace LLMEmbed.Gateway.Limits;

/// <summary>Refills <see cref="Rate"/> tokens a second up to a burst of one second's worth. Thread-safe.</summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private double _tokens;
    private long _last;

    public TokenBucket(int rate, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentNullException.ThrowIfNull(clock);
        Rate = rate;
        _clock = clock;
        _tokens = rate;
        _last = clock.GetTimestamp();
    }

    public int Rate { get; }

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var elapsed = _clock.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(Rate, _tokens + elapsed * Rate);
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
