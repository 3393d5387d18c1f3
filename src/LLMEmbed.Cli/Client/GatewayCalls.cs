using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// Every client command's calls: unary calls refused for a reason that passes with time are retried
/// with jittered exponential back-off (at least the server's retry-after), and a gateway that cannot
/// be reached is named with what to check. Streams (import) are not retried: `--resume` continues them.
/// </summary>
internal sealed class GatewayCalls(Uri endpoint, GatewayRetryPolicy policy, Func<TimeSpan, CancellationToken, Task>? delay = null) : Interceptor
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var current = continuation(request, context);
        async Task<TResponse> RunAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await current.ResponseAsync;
                }
                catch (RpcException e) when (policy.Delay(e.StatusCode, e.Trailers, attempt) is { } wait)
                {
                    current.Dispose();
                    await _delay(wait, context.Options.CancellationToken);
                    current = continuation(request, context);
                }
                catch (RpcException e) when (IsConnectFailure(e))
                {
                    throw Unreachable(e);
                }
            }
        }
        return new AsyncUnaryCall<TResponse>(RunAsync(), _ => current.ResponseHeadersAsync, _ => current.GetStatus(), _ => current.GetTrailers(), _ => current.Dispose(), request);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        async Task<TResponse> ResponseAsync()
        {
            try { return await call.ResponseAsync; }
            catch (RpcException e) when (IsConnectFailure(e)) { throw Unreachable(e); }
        }
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, ResponseAsync(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>The connection itself failed (refused, no route, name not found), not a call the gateway answered.</summary>
    internal static bool IsConnectFailure(RpcException e)
    {
        if (e.StatusCode != StatusCode.Unavailable) return false;
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
            if (inner is SocketException or HttpRequestException) return true;
        return false;
    }

    private RpcException Unreachable(RpcException e) => new(new Status(StatusCode.Unavailable,
        $"cannot reach the gateway at {endpoint} ({e.Status.Detail}). Is the host started (dotnet run --project src/LLMEmbed.Host), "
        + "and is --endpoint or LLMEMBED_ENDPOINT its gRPC address (Gateway:Listen)?", e.Status.DebugException), e.Trailers);
}

/// <summary>Which refusals are retried and how long to wait: the rule the Python client (clients/python) follows too.</summary>
internal sealed record GatewayRetryPolicy(int MaxAttempts, TimeSpan InitialBackoff, TimeSpan MaxBackoff, Func<double>? Random = null)
{
    /// <summary>Trailer naming the limit a ResourceExhausted hit (the gateway's ErrorStatusMapper.LimitTrailer).</summary>
    public const string LimitTrailer = "llmembed-limit";
    public const string RetryAfterTrailer = "retry-after";

    // ResourceExhausted also answers fixed limits (texts per call, max examples, message size); only these pass with time.
    private static readonly HashSet<string> TransientLimits = new(StringComparer.Ordinal) { "requests_per_second", "backbone_queue" };

    public static GatewayRetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, or null when the failure is final.</summary>
    public TimeSpan? Delay(StatusCode status, Metadata trailers, int attempt)
    {
        ArgumentNullException.ThrowIfNull(trailers);
        if (attempt >= MaxAttempts || !IsTransient(status, trailers)) return null;
        var backoff = Math.Min(MaxBackoff.TotalSeconds, InitialBackoff.TotalSeconds * Math.Pow(2, attempt - 1));
        var jittered = backoff * (0.5 + 0.5 * (Random is { } random ? random() : System.Random.Shared.NextDouble()));
        return TimeSpan.FromSeconds(Math.Max(jittered, RetryAfter(trailers) ?? 0));
    }

    private static bool IsTransient(StatusCode status, Metadata trailers) => status switch
    {
        StatusCode.Unavailable => true,
        StatusCode.ResourceExhausted => trailers.GetValue(LimitTrailer) is { } limit && TransientLimits.Contains(limit) || RetryAfter(trailers) is not null,
        _ => false,
    };

    private static double? RetryAfter(Metadata trailers) =>
        double.TryParse(trailers.GetValue(RetryAfterTrailer), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : null;
}
