using Microsoft.AspNetCore.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Gateway.Errors;

/// <summary>Turns every exception leaving a service or the auth step into a deliberate gRPC status.</summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) { throw Map(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) { throw Map(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) { throw Map(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) { throw Map(e, context); }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        if (exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested)
        {
            // A cancellation the client did not ask for is a server-side timeout or bug, not a client cancel.
            return Unexpected(exception, context);
        }
        var mapped = ErrorStatusMapper.TryMap(exception);
        if (mapped is null) return Unexpected(exception, context);
        // A mapped status was chosen on purpose, so its stack trace tells nothing: one line, at Debug for a caller's mistake.
        logger.Log(ClientErrors.Is(mapped.StatusCode) ? LogLevel.Debug : LogLevel.Warning,
            "{Method} answered {Status}: {Detail}", context.Method, mapped.StatusCode, mapped.Status.Detail);
        // The server writes an RpcException's own trailers (limit name, BadRequest details) to the response.
        CopyTrailersToHttpHeaders(mapped, context);
        return mapped;
    }

    /// <summary>
    /// JSON-transcoded HTTP calls get no gRPC trailers, so the plain ones (the limit hit, Retry-After) go out as
    /// response headers, as the gateway's own HTTP routes send them (HttpErrorWriter).
    /// </summary>
    private static void CopyTrailersToHttpHeaders(RpcException mapped, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Response.HasStarted || http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true) return;
        foreach (var trailer in mapped.Trailers.Where(t => !t.IsBinary)) http.Response.Headers[trailer.Key] = trailer.Value;
    }

    private RpcException Unexpected(Exception exception, ServerCallContext context)
    {
        var errorId = Guid.NewGuid().ToString("N")[..12];
        logger.LogError(exception, "Unhandled error {ErrorId} in {Method}", errorId, context.Method);
        return ErrorStatusMapper.Internal(errorId);
    }
}
