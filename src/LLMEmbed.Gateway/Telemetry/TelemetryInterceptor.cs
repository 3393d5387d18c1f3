using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LLMEmbed.Gateway.Security;

namespace LLMEmbed.Gateway.Telemetry;

/// <summary>
/// Outermost interceptor: one server span per call (grain calls below become its children through
/// Orleans activity propagation), request count and latency by method and final status.
/// </summary>
public sealed class TelemetryInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var call = new CallScope(context);
        try
        {
            var response = await continuation(request, context);
            call.Complete(StatusCode.OK);
            return response;
        }
        catch (RpcException e)
        {
            call.Complete(e.StatusCode, e.Status.Detail);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var call = new CallScope(context);
        try
        {
            var response = await continuation(requestStream, context);
            call.Complete(StatusCode.OK);
            return response;
        }
        catch (RpcException e)
        {
            call.Complete(e.StatusCode, e.Status.Detail);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var call = new CallScope(context);
        try
        {
            await continuation(request, responseStream, context);
            call.Complete(StatusCode.OK);
        }
        catch (RpcException e)
        {
            call.Complete(e.StatusCode, e.Status.Detail);
            throw;
        }
    }

    private sealed class CallScope : IDisposable
    {
        private readonly ServerCallContext _context;
        private readonly string _method;
        private readonly Activity? _activity;
        private readonly long _started = Stopwatch.GetTimestamp();
        private StatusCode _status = StatusCode.Unknown;

        public CallScope(ServerCallContext context)
        {
            _context = context;
            _method = context.Method.TrimStart('/');
            _activity = GatewayTelemetry.Source.StartActivity(_method, ActivityKind.Server);
            _activity?.SetTag("rpc.system", "grpc");
            _activity?.SetTag("rpc.method", _method);
        }

        public void Complete(StatusCode status, string? detail = null)
        {
            _status = status;
            if (_activity is null) return;
            _activity.SetTag("rpc.grpc.status_code", (int)status);
            if (status != StatusCode.OK) _activity.SetStatus(ActivityStatusCode.Error, $"{status}: {detail}");
        }

        public void Dispose()
        {
            var status = _status.ToString();
            var tags = new TagList { { "method", _method }, { "status", status } };
            GatewayTelemetry.Requests.Add(1, tags);
            GatewayTelemetry.Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
            if (_context.FindCaller() is { Tenant: { } tenant })
            {
                GatewayTelemetry.TenantRequests.Add(1, new TagList { { "tenant", tenant }, { "method", _method } });
                _activity?.SetTag("llmembed.tenant", tenant);
            }
            _activity?.Dispose();
        }
    }
}
