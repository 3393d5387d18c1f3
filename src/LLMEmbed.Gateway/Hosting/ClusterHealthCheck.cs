using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LLMEmbed.Gateway.Hosting;

/// <summary>Healthy when a grain call (the tenant directory) answers within five seconds.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ITenantDirectoryGrain>(0).List().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster did not answer a grain call", e);
        }
    }
}
