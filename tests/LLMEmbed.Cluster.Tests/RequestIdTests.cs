using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>AddExamples with a client request id: a retry (same id) stores nothing twice and answers as the first call did.</summary>
[Collection(ClusterCollection.Name)]
public class RequestIdTests(ClusterFixture fixture)
{
    private static LabeledExample[] Rows(int offset) =>
        Enumerable.Range(offset, 3).Select(i => new LabeledExample($"request row {i}", "ab"[i % 2].ToString())).ToArray();

    private async Task<ITenantGrain> CreateAsync(string id)
    {
        var tenant = fixture.Cluster.Client.GetGrain<ITenantGrain>(id);
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["a", "b"]);
        await Retry.WhileNoBackboneHost(() => tenant.Embed(["warm"], true));
        return tenant;
    }

    [Fact]
    public async Task The_same_request_id_twice_stores_the_rows_once_and_returns_the_first_answer()
    {
        var tenant = await CreateAsync("request-id-retry");
        var first = await tenant.AddExamples(Rows(0), truncate: true, requestId: "call-1");
        var retried = await tenant.AddExamples(Rows(0), truncate: true, requestId: "call-1");
        Assert.Equal(first, retried);
        Assert.Equal(3, (await tenant.Describe()).Examples);

        // Another id is another write; no id is always a write.
        await tenant.AddExamples(Rows(3), truncate: true, requestId: "call-2");
        await tenant.AddExamples(Rows(6), truncate: true);
        Assert.Equal(9, (await tenant.Describe()).Examples);
    }

    [Fact]
    public async Task Only_the_newest_ids_are_remembered_and_an_overlong_id_is_refused()
    {
        var tenant = await CreateAsync("request-id-window");
        await tenant.AddExamples(Rows(0), truncate: true, requestId: "oldest");
        for (var i = 0; i < 32; i++) await tenant.AddExamples(Rows(3 + i), truncate: true, requestId: $"later-{i}");
        var stored = (await tenant.Describe()).Examples;
        // Tenants:RememberedRequests = 32: "oldest" fell out of the window, so it stores again.
        await tenant.AddExamples(Rows(0), truncate: true, requestId: "oldest");
        Assert.Equal(stored + 3, (await tenant.Describe()).Examples);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples(Rows(0), truncate: true, requestId: new string('x', RequestIds.MaxLength + 1)));
        Assert.Equal("request_id", error.Field);
        Assert.Equal(stored + 3, (await tenant.Describe()).Examples);
    }
}
