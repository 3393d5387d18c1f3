using System.Diagnostics;

namespace LLMEmbed.Tests;

/// <summary>
/// Waiting for a condition instead of sleeping a fixed time: poll until it holds or a deadline passes.
/// The one polling loop of the test projects (compiled into each of them).
/// </summary>
internal static class Eventually
{
    /// <summary>The default pause between two looks at a condition.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds or <paramref name="timeout"/> passes;
    /// returns the last reading either way. <paramref name="interval"/>: the pause between readings (default <see cref="PollInterval"/>).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value) || waited.Elapsed > timeout) return value;
            await Task.Delay(interval ?? PollInterval);
        }
    }
}
