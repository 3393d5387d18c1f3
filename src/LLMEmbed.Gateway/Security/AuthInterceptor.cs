using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Resolves the caller once per call: Admin methods need the admin key; every other llmembed.v1
/// method needs the key of the tenant its request names (for client streams, the first message),
/// and takes one token from that tenant's requests/s bucket. Health and reflection pass through.
/// </summary>
public sealed class AuthInterceptor(AdminKeyVerifier admin, TenantAuthenticator tenants, TenantRateLimiter rateLimiter) : Interceptor
{
    public const string ApiPrefix = "/llmembed.v1.";
    public const string AdminPrefix = "/llmembed.v1.Admin/";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context, () => TenantOf(request));
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!context.Method.StartsWith(ApiPrefix, StringComparison.Ordinal)) return await continuation(requestStream, context);
        if (context.Method.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            await ResolveAsync(context, () => null); // the admin key is checked before any message is read
            return await continuation(requestStream, context);
        }
        if (!await requestStream.MoveNext(context.CancellationToken))
            throw new InvalidRequestException("the stream is empty; its first message must name the tenant.", "tenant");
        var first = requestStream.Current;
        await ResolveAsync(context, () => TenantOf(first));
        return await continuation(new ReplayFirstStreamReader<TRequest>(first, requestStream), context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context, () => TenantOf(request));
        await continuation(request, responseStream, context);
    }

    private async Task ResolveAsync(ServerCallContext context, Func<string?> tenantOfRequest)
    {
        if (!context.Method.StartsWith(ApiPrefix, StringComparison.Ordinal)) return;
        var key = BearerToken.From(context.RequestHeaders);
        if (context.Method.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            admin.Verify(key, context.GetHttpContext().Connection.RemoteIpAddress);
            context.SetCaller(Caller.Admin);
            return;
        }
        var tenant = tenantOfRequest();
        var info = await tenants.AuthenticateAsync(tenant, key, context.GetHttpContext().Connection.RemoteIpAddress);
        context.SetCaller(new Caller(tenant, info));
        rateLimiter.Acquire(tenant!, info.Limits.RequestsPerSecond);
    }

    /// <summary>Every tenant-scoped request message has a string field "tenant" (field 1).</summary>
    internal static string? TenantOf<TRequest>(TRequest request) =>
        request is IMessage message && message.Descriptor.FindFieldByName("tenant") is { } field
            ? field.Accessor.GetValue(message) as string
            : throw new InvalidOperationException($"{typeof(TRequest).Name} has no tenant field; every tenant-scoped request needs one.");
}
