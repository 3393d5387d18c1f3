using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Appends cost what they add on the file provider (Redis: <see cref="RedisAppendCostTests"/>).</summary>
public sealed class AppendCostTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmembed-append-cost-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_one_row_append_to_a_tenant_of_10000_rows_writes_about_one_row_on_the_file_provider()
    {
        var serializer = new OrleansGrainStorageSerializer(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());
        var storage = new DurableFileGrainStorage("test", new DurableFileStorageOptions { RootDirectory = _directory }, serializer);
        await AppendCostBounds.MeasureAndAssertAsync(storage, serializer, "append-cost", output);

        // On disk too: only the tail (segment 20 of 0..20) has part files; the parts of filled segments were removed.
        var parts = Directory.GetFiles(_directory, "*.state", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Where(d => d.Contains("-part-", StringComparison.Ordinal)).ToArray();
        Assert.InRange(parts.Length, 1, TailPlan.Fanout * TailPlan.Levels(AppendCostBounds.Capacity));
        Assert.All(parts, p => Assert.StartsWith("tenant-segment-20-part-", p, StringComparison.Ordinal));
    }
}
