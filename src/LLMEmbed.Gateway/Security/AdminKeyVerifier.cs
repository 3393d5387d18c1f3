using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// Checks the admin key in constant time (<see cref="TenantKey.SecretsEqual"/>). A missing or wrong key counts
/// as a failed check of the client's address, like a tenant key's (<see cref="FailedAuthLimiter"/>).
/// </summary>
public sealed class AdminKeyVerifier(IOptions<GatewayOptions> options, FailedAuthLimiter failures)
{
    public const string MissingReason = "admin_missing";
    public const string WrongReason = "admin_key";

    private readonly string _adminKey = options.Value.AdminKey
        ?? throw new InvalidOperationException($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.AdminKey)} is not set.");

    public void Verify(string? presented, IPAddress? client)
    {
        // Before the comparison, right key or not: were a right key let through, a guesser past the limit would still learn which guess was right.
        failures.CheckAllowed(client);
        if (presented is null)
        {
            failures.Failed(client, MissingReason);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing admin key: send \"authorization: Bearer <admin key>\"."));
        }
        if (!TenantKey.SecretsEqual(presented, _adminKey))
        {
            failures.Failed(client, WrongReason);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "wrong admin key."));
        }
    }
}
