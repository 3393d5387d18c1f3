using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>A task's head history is bounded (Tenants:KeptHeads), never at the cost of the active head or the rollback chain.</summary>
public sealed class HeadRetentionTests : IAsyncLifetime
{
    private const int Kept = 3;
    private OneSiloCluster _cluster = null!;

    private static HeadRecord Head(int version) =>
        new(version, HeadKindContract.LogReg, new HoldoutMetrics(0.5, 0.5, 10, ["a", "b"], [5, 0, 0, 5]), DateTimeOffset.UnixEpoch, 10, TrainingMode.Full);

    private static TaskRecord Task(int[] versions, int active, int[] previous) =>
        new() { Heads = [.. versions.Select(Head)], ActiveVersion = active, PreviousActive = previous };

    [Fact]
    public void The_oldest_go_first_but_never_the_active_head_the_rollback_chain_or_the_newest()
    {
        var (task, dropped) = HeadRetention.Prune(Task([1, 2, 3, 4, 5, 6], active: 2, previous: [1, 5]), kept: 3);
        // 1 and 5 (rollback chain), 2 (active), 6 (newest) are protected: only 3 and 4 can go.
        Assert.Equal([3, 4], dropped);
        Assert.Equal([1, 2, 5, 6], task.Heads.Select(h => h.Version));

        (task, dropped) = HeadRetention.Prune(Task([1, 2, 3, 4, 5], active: 5, previous: [1, 2, 3, 4]), kept: 2);
        Assert.Equal([4], task.PreviousActive); // the chain keeps its newest kept - 1 entries
        Assert.Equal([1, 2, 3], dropped);
        Assert.Equal([4, 5], task.Heads.Select(h => h.Version));

        (task, dropped) = HeadRetention.Prune(Task([1, 2], active: 2, previous: [1]), kept: 3);
        Assert.Empty(dropped);
        Assert.Equal(2, task.Heads.Length);
    }

    public async Task InitializeAsync() => _cluster = await OneSiloCluster.StartAsync("head-retention", new TenantOptions { KeptHeads = Kept });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Training_past_the_bound_drops_the_oldest_heads_and_their_records()
    {
        var tenant = _cluster.Client.GetGrain<ITenantGrain>("many-heads");
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["tiny", "huge"]);
        var examples = Enumerable.Range(0, 4).SelectMany(i => new LabeledExample[]
            { new($"s{i}", "tiny"), new($"a much longer piece of text number {i} with many words in it", "huge") }).ToArray();
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples(examples, true));
        for (var run = 0; run < Kept + 3; run++) await TenantKit.Train(tenant, force: true);

        var heads = await tenant.ListHeads();
        Assert.Equal(Kept, heads.Length);
        Assert.Equal(Kept + 3, heads.Max(h => h.Version)); // versions are never reused
        Assert.Contains(heads, h => h.Active);
        var records = Directory.GetFiles(_cluster.DataDirectory, "*.state", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("tenant-head-v", StringComparison.Ordinal) && Path.GetFileName(f).Contains("many-heads", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(heads.Select(h => $"tenant-head-v{h.Version}").Order(StringComparer.Ordinal), records);
        var back = await tenant.Rollback(0); // the chain still leads to a kept head
        Assert.Contains(back.Version, heads.Select(h => h.Version));
    }
}
