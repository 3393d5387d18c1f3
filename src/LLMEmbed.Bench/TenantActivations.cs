namespace LLMEmbed.Bench;

/// <summary>Tenant grain activations in the host's silo, from Orleans' management grain.</summary>
internal static class TenantActivations
{
    public static async Task<int> CountAsync(BenchHost host)
    {
        var statistics = await host.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.EndsWith(".TenantGrain", StringComparison.Ordinal) || s.GrainType.Contains(".TenantGrain,", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
    }

    /// <summary>Polls until <paramref name="done"/> holds or <paramref name="timeout"/> passes; the last count.</summary>
    public static async Task<int> WaitUntilAsync(BenchHost host, Func<int, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var count = await CountAsync(host);
            if (done(count) || DateTime.UtcNow > deadline) return count;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
