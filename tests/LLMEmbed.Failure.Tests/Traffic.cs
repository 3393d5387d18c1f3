using System.Collections.Concurrent;
using Grpc.Core;

namespace LLMEmbed.Failure.Tests;

/// <summary>One finished call: when it ran, and its status (null = success).</summary>
public sealed record CallRecord(string Method, DateTime Started, DateTime Ended, StatusCode? Error, string? Detail, int Examples)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Bounded client traffic: one sequential loop per method, a pause between calls, every call
/// recorded. Loops stop when <see cref="StopAsync"/> is called; a call in flight finishes first.
/// </summary>
public sealed class Traffic
{
    private readonly ConcurrentQueue<CallRecord> _records = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public IReadOnlyList<CallRecord> Records => _records.OrderBy(r => r.Started).ToList();

    /// <summary>Starts a loop calling <paramref name="call"/>(n) for n = 0, 1, ...; the call returns how many examples it sent (0 for reads).</summary>
    public void Run(string method, TimeSpan pause, Func<int, Task<int>> call) => _loops.Add(Task.Run(async () =>
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var started = DateTime.UtcNow;
            var examples = 0;
            StatusCode? error = null;
            string? detail = null;
            try
            {
                examples = await call(n);
            }
            catch (RpcException e)
            {
                error = e.StatusCode;
                detail = e.Status.Detail;
            }
            _records.Enqueue(new CallRecord(method, started, DateTime.UtcNow, error, detail, examples));
            try { await Task.Delay(pause, _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }
}
