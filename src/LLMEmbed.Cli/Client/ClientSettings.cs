using System.CommandLine;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// Where and as whom client commands talk to the gateway: --endpoint/--key/--tenant, falling back to
/// LLMEMBED_ENDPOINT, LLMEMBED_KEY (LLMEMBED_ADMIN_KEY for admin commands) and LLMEMBED_TENANT, then
/// the tenant a tenant key names (lle_{tenant}.{secret}).
/// </summary>
internal sealed class ClientSettings
{
    public const string DefaultEndpoint = "http://127.0.0.1:5000";

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = $"Gateway URL (env LLMEMBED_ENDPOINT; default {DefaultEndpoint})" };
    public Option<string?> Key { get; }
    public Option<string?> Tenant { get; } = new("--tenant") { Description = "Tenant id (env LLMEMBED_TENANT; default the key's tenant)" };
    private readonly bool _admin;

    private ClientSettings(bool admin)
    {
        _admin = admin;
        Key = new Option<string?>("--key") { Description = admin ? "Admin key (env LLMEMBED_ADMIN_KEY)" : "Tenant key (env LLMEMBED_KEY)" };
    }

    /// <summary>Options of an Admin command (no tenant option: admin commands name the tenant as an argument).</summary>
    public static ClientSettings ForAdmin(Command command) => new ClientSettings(admin: true).AddTo(command, tenant: false);

    public static ClientSettings ForTenant(Command command) => new ClientSettings(admin: false).AddTo(command, tenant: true);

    private ClientSettings AddTo(Command command, bool tenant)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Key);
        if (tenant) command.Options.Add(Tenant);
        return this;
    }

    public GatewayConnection Connect(ParseResult parse, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var endpoint = Resolve(parse.GetValue(Endpoint), "LLMEMBED_ENDPOINT", environment) ?? DefaultEndpoint;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--endpoint must be an http:// or https:// URL, got \"{endpoint}\".");
        var keyVariable = _admin ? "LLMEMBED_ADMIN_KEY" : "LLMEMBED_KEY";
        var key = Resolve(parse.GetValue(Key), keyVariable, environment)
            ?? throw new ArgumentException($"no key: pass --key or set {keyVariable}.");
        string? tenant = null;
        if (!_admin)
        {
            tenant = Resolve(parse.GetValue(Tenant), "LLMEMBED_TENANT", environment) ?? TenantOfKey(key)
                ?? throw new ArgumentException("no tenant: pass --tenant or set LLMEMBED_TENANT (the key does not name one).");
        }
        return new GatewayConnection(uri, key, tenant);
    }

    /// <summary>The tenant in a tenant key's clear part, as the gateway's TenantKey reads it; null for other keys.</summary>
    internal static string? TenantOfKey(string key)
    {
        const string prefix = "lle_";
        var dot = key.LastIndexOf('.');
        return key.StartsWith(prefix, StringComparison.Ordinal) && dot > prefix.Length && dot < key.Length - 1 ? key[prefix.Length..dot] : null;
    }

    internal static string? Resolve(string? option, string variable, Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(option) ? option : environment(variable) is { Length: > 0 } fromEnv ? fromEnv : null;
}

/// <summary>An open channel plus the call headers (bearer key) and the tenant of tenant-scoped commands.</summary>
internal sealed class GatewayConnection(Uri endpoint, string key, string? tenant) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });

    /// <summary>The channel's calls through <see cref="GatewayCalls"/> (retries, an unreachable gateway named); clients are made on it.</summary>
    public CallInvoker Channel => field ??= _channel.Intercept(new GatewayCalls(endpoint, GatewayRetryPolicy.Default));

    public string Target => _channel.Target;
    public string Tenant => tenant ?? throw new InvalidOperationException("this command has no tenant.");
    public Metadata Headers { get; } = new() { { "authorization", $"Bearer {key}" } };

    public CallOptions Call(CancellationToken cancellationToken = default) => new(Headers, cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();
}
