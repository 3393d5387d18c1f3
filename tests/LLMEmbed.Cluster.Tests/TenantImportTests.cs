using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Imports as the gateway sends them (ImportRows per chunk, several in flight, then EndImport): the tenant
/// grain featurizes chunks in whatever order they come and stores the rows in stream order, read back here
/// from the segment records themselves.
/// </summary>
[Collection(ClusterCollection.Name)]
public class TenantImportTests(ClusterFixture fixture)
{
    private const int PerChunk = 3;

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    /// <summary>Row i: text "row {i} ..." with label a, b, c in turn, so both order and labels show in the stored segments.</summary>
    private static LabeledExample[] Rows(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => new LabeledExample($"row {i} of the import", "abc"[i % 3].ToString())).ToArray();

    private static ImportChunk Chunk(string stream, int index, LabeledExample[] rows, bool commit = false, string? importId = null, long firstRowOffset = 0) =>
        new(stream, index, firstRowOffset + index * PerChunk, rows[(index * PerChunk)..((index + 1) * PerChunk)], Truncate: true, importId, commit);

    private async Task<ITenantGrain> CreateAsync(string id)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings(keepTexts: true));
        await tenant.SetLabels(["a", "b", "c"]);
        await Retry.WhileNoBackboneHost(() => tenant.Embed(["warm"], true)); // the backbone host is known before chunks race
        return tenant;
    }

    [Fact]
    public async Task Chunks_that_arrive_out_of_order_are_stored_in_stream_order_at_commit_points_and_at_the_end()
    {
        var tenant = await CreateAsync("import-order");
        var rows = Rows(4 * PerChunk);
        const string stream = "order";

        // Chunks 2 and 3 come first: featurized, but nothing is stored while chunks 0 and 1 are missing.
        var late = await Task.WhenAll(tenant.ImportRows(Chunk(stream, 3, rows, importId: "file")), tenant.ImportRows(Chunk(stream, 2, rows, importId: "file")));
        Assert.All(late, r => Assert.Equal(0, r.Accepted));
        Assert.Equal(0, (await tenant.Describe()).Examples);
        Assert.Equal(0, (await tenant.ImportRows(Chunk(stream, 1, rows, commit: true, importId: "file"))).Accepted);

        // Chunk 0 completes the run through the commit point (chunk 1): one write of chunks 0 and 1.
        var first = await tenant.ImportRows(Chunk(stream, 0, rows, importId: "file"));
        Assert.Equal(2 * PerChunk, first.Accepted);
        Assert.Equal(2 * PerChunk, (await tenant.GetImport("file")).CommittedRows);

        // The end stores what waited past the last commit point.
        var end = await tenant.EndImport(stream, store: true);
        Assert.Equal(2 * PerChunk, end.Accepted);
        Assert.Equal(rows.Length, end.TotalExamples);
        Assert.Equal(rows.Length, (await tenant.GetImport("file")).CommittedRows);

        var stored = await StoredAsync(tenant);
        Assert.Equal(rows.Select(r => r.Text), stored.Texts);
        Assert.Equal(rows.Select(r => r.Label), stored.Labels);
    }

    [Fact]
    public async Task A_failing_chunk_among_several_in_flight_leaves_exactly_the_rows_before_it_stored()
    {
        var tenant = await CreateAsync("import-failure");
        var rows = Rows(5 * PerChunk);
        rows[2 * PerChunk + 1] = rows[2 * PerChunk + 1] with { Label = "nope" }; // second row of chunk 2
        const string stream = "failing";

        var replies = Enumerable.Range(0, 4).Select(i => tenant.ImportRows(Chunk(stream, i, rows, commit: i == 0, importId: "bad-file"))).ToArray();
        var bad = await Assert.ThrowsAsync<InvalidRequestException>(() => replies[2]);
        Assert.Equal("examples[1].label", bad.Field);
        // Chunks after the failed one are never stored: refused if they arrive after it, dropped at the end otherwise.
        var after = await Record.ExceptionAsync(() => replies[3]);
        Assert.True(after is null or PreconditionFailedException, after?.ToString());
        await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.ImportRows(Chunk(stream, 4, rows, importId: "bad-file")));
        var before = await Task.WhenAll(replies.Take(2));
        var stored = before.Sum(r => r.Accepted) + (after is null ? (await replies[3]).Accepted : 0) + (await tenant.EndImport(stream, store: true)).Accepted;

        Assert.Equal(2 * PerChunk, stored);
        Assert.Equal(2 * PerChunk, (await tenant.GetImport("bad-file")).CommittedRows);
        var segments = await StoredAsync(tenant);
        Assert.Equal(rows.Take(2 * PerChunk).Select(r => r.Text), segments.Texts);

        // A new stream resumes the import after its committed rows; one that would store them twice is refused.
        await tenant.ImportRows(Chunk("again", 0, Rows(PerChunk), importId: "bad-file"));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.EndImport("again", store: true));
        var fixedRows = Rows(PerChunk, offset: 2 * PerChunk);
        await tenant.ImportRows(Chunk("resumed", 0, fixedRows, importId: "bad-file", firstRowOffset: 2 * PerChunk));
        Assert.Equal(PerChunk, (await tenant.EndImport("resumed", store: true)).Accepted);
        Assert.Equal(3 * PerChunk, (await tenant.GetImport("bad-file")).CommittedRows);
        Assert.Equal(rows.Take(2 * PerChunk).Concat(fixedRows).Select(r => r.Text), (await StoredAsync(tenant)).Texts);
    }

    [Fact]
    public async Task Ending_a_stream_without_storing_drops_its_rows_and_rows_cut_by_the_caller_count_as_truncated()
    {
        var tenant = await CreateAsync("import-drop");
        var rows = Rows(2 * PerChunk);
        await tenant.ImportRows(Chunk("dropped", 0, rows));
        Assert.Equal(0, (await tenant.EndImport("dropped", store: false)).Accepted);
        Assert.Equal(0, (await tenant.Describe()).Examples);

        var cut = rows.Select((r, i) => r with { Cut = i == 1 }).ToArray();
        await tenant.ImportRows(Chunk("kept", 0, cut));
        var kept = await tenant.EndImport("kept", store: true);
        Assert.Equal(PerChunk, kept.Accepted);
        Assert.Equal(1, kept.Truncated);
        Assert.Equal(PerChunk, kept.Windows);
    }

    /// <summary>The texts and label names of the tenant's acknowledged rows, in stored order, read from its records.</summary>
    private async Task<(string[] Texts, string[] Labels)> StoredAsync(ITenantGrain tenant)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var storage = new DurableFileGrainStorage("reader", new DurableFileStorageOptions { RootDirectory = fixture.DataDirectory },
            new OrleansGrainStorageSerializer(serializer));
        var store = new TenantStore(storage, tenant.GetGrainId());
        var state = await store.ReadStateAsync();
        var segments = new List<TenantSegment>();
        for (var s = 0; s < state.SegmentCounts.Length; s++) segments.Add((await store.ReadSegmentAsync(s, state.SegmentCounts[s])).Segment);
        return (segments.SelectMany(s => s.Texts!).ToArray(), segments.SelectMany(s => s.Labels).Select(l => state.Labels[l].Name).ToArray());
    }
}
