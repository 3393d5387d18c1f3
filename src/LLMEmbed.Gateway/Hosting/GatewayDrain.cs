using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Hosting;

/// <summary>
/// The gateway's graceful stop. On SIGINT/SIGTERM, before any hosted service stops (Kestrel, the silo),
/// new calls are refused with Unavailable, open imports store the rows they hold and end with their
/// committed count, and the stop waits up to Gateway:DrainTimeout for the calls in flight. Kestrel and the
/// silo then stop with nothing running, so grains deactivate promptly and the silo leaves gracefully.
/// </summary>
public sealed class GatewayDrain(IOptions<GatewayOptions> options, ILogger<GatewayDrain> logger) : IHostedLifecycleService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _deadline = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    /// <summary>Cancelled when the stop begins: open streams stop reading at their next message.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>
    /// Cancelled four fifths into the drain: model work still running for an open import then stops (its rows were
    /// never acknowledged; a resume sends them again), so the import can answer before the drain ends, however slow the machine.
    /// </summary>
    public CancellationToken Deadline => _deadline.Token;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The status a call gets once the stop has begun.</summary>
    public static RpcException Refused() => new(new Status(StatusCode.Unavailable,
        "the gateway is stopping; retry shortly (another gateway, or this one once restarted, will answer)."));

    /// <summary>Counts a call as in flight until the returned scope is disposed; refuses it once the stop has begun.</summary>
    public Scope Enter()
    {
        Interlocked.Increment(ref _inFlight);
        if (!IsStopping) return new Scope(this);
        Exit();
        throw Refused();
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var drain = options.Value.DrainTimeout;
        _deadline.CancelAfter(drain * 0.8);
        _stopping.Cancel();
        if (InFlight == 0) _idle.TrySetResult();
        var drained = await _idle.Task.WaitAsync(drain, cancellationToken).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        if (drained) logger.LogInformation("Gateway drained in {Elapsed:0.0} s: no calls in flight.", elapsed.TotalSeconds);
        else logger.LogWarning("Gateway drain timed out after {Drain}: {InFlight} calls still in flight are ended by the server's stop.", drain, InFlight);
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && IsStopping) _idle.TrySetResult();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One call in flight.</summary>
    public readonly struct Scope(GatewayDrain drain) : IDisposable
    {
        public void Dispose() => drain.Exit();
    }
}
