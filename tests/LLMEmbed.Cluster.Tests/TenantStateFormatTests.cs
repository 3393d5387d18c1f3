using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Fixtures/tenant-state-v13.bin is a tenant state as the code before label descriptions wrote it (fields up to
/// Id 13: two labels with 3 and 2 examples, recipe "last", no zero_shot_below): it must load unchanged, with no
/// description vectors and the default zero-shot bar.
/// </summary>
public sealed class TenantStateFormatTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void A_state_written_before_descriptions_loads_unchanged()
    {
        var state = Assert.IsType<TenantState>(Serializer.Deserialize<TenantState>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tenant-state-v13.bin"))));

        Assert.True(state.Exists);
        Assert.Equal("last", state.RequiredSettings.Recipe);
        Assert.Equal([("positive", 3L), ("negative", 2L)], state.Labels.Select(l => (l.Name, l.Examples)));
        Assert.All(state.Labels, l => Assert.Null(l.Description));
        Assert.Equal(5, state.Examples);
        Assert.Equal([5L], state.SourceCounts);
        Assert.Empty(state.DescriptionVectors);
        Assert.Equal(TenantSettings.ZeroShotDefaultBelow, state.RequiredSettings.ZeroShotBelowOrDefault);
    }

    [Fact]
    public void Description_vectors_round_trip()
    {
        var state = new TenantState { Exists = true, DescriptionVectors = [new DescriptionVector(1, [0.6f, 0.8f])] };
        var copy = Assert.IsType<TenantState>(Serializer.Deserialize<TenantState>(Serializer.SerializeToArray(state)));
        Assert.Equal(1, copy.DescriptionVectors.Single().Label);
        Assert.Equal([0.6f, 0.8f], copy.DescriptionVectors.Single().Vector);
    }
}
