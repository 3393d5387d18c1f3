using System.Net;
using System.Threading.RateLimiting;
using LLMEmbed.Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Failed key checks (tenant or admin key; gRPC, HTTP/JSON and the gateway's own HTTP routes) per client address in this gateway process: a token bucket of
/// <see cref="GatewayOptions.FailedAuthPerMinute"/> failures, refilled continuously. While an address's bucket is
/// empty its key checks are refused with ResourceExhausted and a Retry-After before any grain call, so a word
/// list or a key guesser costs the cluster nothing. Failures are counted and logged by reason and address,
/// never by the tenant name tried (that is what a guesser is probing for).
/// </summary>
public sealed class FailedAuthLimiter : IDisposable
{
    public const string LimitName = "failed_auth";

    private readonly int _perMinute;
    private readonly ILogger<FailedAuthLimiter> _logger;
    private readonly PartitionedRateLimiter<string> _buckets;

    public FailedAuthLimiter(IOptions<GatewayOptions> options, ILogger<FailedAuthLimiter> logger)
    {
        _perMinute = options.Value.FailedAuthPerMinute;
        _logger = logger;
        _buckets = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / _perMinute),
            QueueLimit = 0,
            AutoReplenishment = false, // the partitioned limiter's own timer replenishes its buckets
        }));
    }

    /// <summary>Refuses a key check from an address whose failures used up its bucket (ResourceExhausted, Retry-After).</summary>
    public void CheckAllowed(IPAddress? client)
    {
        var address = Key(client);
        if (_buckets.GetStatistics(address)?.CurrentAvailablePermits is not 0) return;
        GatewayTelemetry.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", "rate_limited"));
        throw new LimitExceededException($"{LimitName} limit ({_perMinute} failed key checks a minute from one address) exceeded; retry later.",
            LimitName, TimeSpan.FromMinutes(1.0 / _perMinute));
    }

    /// <summary>Counts one failed check (reason: missing, malformed, unknown, wrong_tenant, admin_missing, admin_key).</summary>
    public void Failed(IPAddress? client, string reason)
    {
        var address = Key(client);
        using var lease = _buckets.AttemptAcquire(address);
        GatewayTelemetry.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _logger.LogInformation("Key check failed from {Client}: {Reason}", address, reason);
    }

    public void Dispose() => _buckets.Dispose();

    private static string Key(IPAddress? client) => client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
}
