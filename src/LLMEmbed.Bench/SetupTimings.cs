using System.Diagnostics;

namespace LLMEmbed.Bench;

/// <summary>Where tenant set-up time goes, summed over tenants (thread-safe), for the bench's progress log.</summary>
internal sealed class SetupTimings
{
    public enum Step { Create, Labels, Examples, Train, Wait }

    private readonly long[] _ticks = new long[Enum.GetValues<Step>().Length];

    /// <summary>Adds the time since the clock's last restart to <paramref name="step"/>, then restarts it.</summary>
    public void Add(Step step, Stopwatch clock)
    {
        Interlocked.Add(ref _ticks[(int)step], clock.Elapsed.Ticks);
        clock.Restart();
    }

    /// <summary>Mean milliseconds per tenant for each step.</summary>
    public string Describe(int tenants) => string.Join(", ",
        Enum.GetValues<Step>().Select(s => $"{s.ToString().ToLowerInvariant()} {TimeSpan.FromTicks(Interlocked.Read(ref _ticks[(int)s])).TotalMilliseconds / Math.Max(1, tenants):0} ms"));
}
