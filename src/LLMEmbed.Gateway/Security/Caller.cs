using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Security;

/// <summary>Who made the call, resolved once by <see cref="AuthInterceptor"/>; services read it instead of headers.</summary>
public sealed record Caller(string? Tenant, TenantInfo? Info)
{
    public static readonly Caller Admin = new(null, null);
    public bool IsAdmin => Tenant is null;
}

public static class CallerContextExtensions
{
    private const string Key = "llmembed.caller";

    public static void SetCaller(this ServerCallContext context, Caller caller) => context.UserState[Key] = caller;

    public static Caller? FindCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var value) ? value as Caller : null;

    /// <summary>The authenticated tenant of a tenant-scoped call.</summary>
    public static Caller TenantCaller(this ServerCallContext context) =>
        context.FindCaller() is { IsAdmin: false } caller
            ? caller
            : throw new InvalidOperationException($"{context.Method} ran without a resolved tenant; the auth interceptor is not registered.");
}
