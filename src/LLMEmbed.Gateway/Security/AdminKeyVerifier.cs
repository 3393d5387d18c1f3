using Grpc.Core;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Security;

/// <summary>Checks the admin key in constant time.</summary>
public sealed class AdminKeyVerifier(IOptions<GatewayOptions> options)
{
    private readonly string _adminKey = options.Value.AdminKey
        ?? throw new InvalidOperationException($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.AdminKey)} is not set.");

    public void Verify(string? presented)
    {
        if (presented is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing admin key: send \"authorization: Bearer <admin key>\"."));
        if (!TenantKey.SecretsEqual(presented, _adminKey))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "wrong admin key."));
    }
}
