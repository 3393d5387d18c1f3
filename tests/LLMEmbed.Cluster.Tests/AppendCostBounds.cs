using LLMEmbed.Grains.Tenants;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// <see cref="AppendCost"/> (the measurement the bench reports too) on a provider, held to the bounds the brief
/// sets, the same on every provider: a 1-row append writes about one row however much the tenant holds.
/// </summary>
public static class AppendCostBounds
{
    public const int Capacity = 512;

    public static async Task MeasureAndAssertAsync(Orleans.Storage.IGrainStorage provider, Orleans.Storage.IGrainStorageSerializer serializer, string tenant, ITestOutputHelper output)
    {
        var result = await AppendCost.MeasureAsync(provider, serializer, tenant, dimension: 384, segmentCapacity: Capacity);
        output.WriteLine($"{tenant}: {result}");
        Assert.True(result.ReadBackWhole, $"the rows did not read back whole, in order: {result}");
        Assert.InRange(result.CommonAppends, 1, AppendCost.Measured);
        Assert.InRange(result.CommonMax, 1, 4096 + result.RowBytes);
        Assert.InRange(result.Mean, 1, 6.0 * result.RowBytes);
        Assert.InRange(result.RecordsRead, result.Segments, result.Segments + TailPlan.Fanout * TailPlan.Levels(Capacity));
    }
}
