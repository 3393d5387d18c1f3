using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Stored rows a tenant can see and fix: unlabelled imports (kept with their texts, counted apart, never
/// trained on), listing with filters and pages, relabelling without re-embedding, deleting by id and by import.
/// </summary>
[Collection(ClusterCollection.Name)]
public class TenantExampleEditsTests(ClusterFixture fixture)
{
    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private async Task<ITenantGrain> CreateAsync(string id)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings(keepTexts: false));
        await tenant.SetLabels(["a", "b"]);
        await Retry.WhileNoBackboneHost(() => tenant.Embed(["warm"], true));
        return tenant;
    }

    private static async Task ImportAsync(ITenantGrain tenant, string importId, LabeledExample[] rows, bool unlabelled = false)
    {
        var stream = Guid.NewGuid().ToString("N");
        await tenant.ImportRows(new ImportChunk(stream, 0, 0, rows, Truncate: true, importId, Commit: true, Unlabelled: unlabelled));
        await tenant.EndImport(stream, store: true);
    }

    private static LabeledExample[] Labelled(string prefix, int n) =>
        Enumerable.Range(0, n).Select(i => new LabeledExample($"{prefix} {i}", i % 2 == 0 ? "a" : "b")).ToArray();

    private static LabeledExample[] Unlabelled(int n) => Enumerable.Range(0, n).Select(i => new LabeledExample($"open text {i}", "")).ToArray();

    private long BackboneRows() => fixture.Backbones.Created.Values.Sum(b => b.BatchSizes.Sum());

    [Fact]
    public async Task Unlabelled_rows_keep_their_texts_and_count_apart_from_the_examples()
    {
        var tenant = await CreateAsync("edits-unlabelled");
        await ImportAsync(tenant, "labelled", Labelled("known", 4));
        await ImportAsync(tenant, "open", Unlabelled(3), unlabelled: true);

        var counts = await tenant.CountExamples();
        Assert.Equal(4, counts.Total);
        Assert.Equal(2, counts.PerLabel["a"]);
        Assert.Equal(3, counts.PerSource!["unlabelled"]);
        Assert.Equal(4, counts.PerSource["import"]);

        var open = await tenant.ListExamples(new ExampleQuery(10, Source: ExampleSource.Unlabelled));
        Assert.Equal(["open text 0", "open text 1", "open text 2"], open.Examples.Select(e => e.Text));
        Assert.All(open.Examples, e => Assert.Equal("", e.Label));
        Assert.All(open.Examples, e => Assert.Equal("open", e.ImportId));
        // The tenant keeps no texts: labelled rows have none.
        Assert.All((await tenant.ListExamples(new ExampleQuery(10, Source: ExampleSource.Import))).Examples, e => Assert.Null(e.Text));
    }

    [Fact]
    public async Task Listing_filters_by_label_and_import_and_pages_in_id_order()
    {
        var tenant = await CreateAsync("edits-list");
        await ImportAsync(tenant, "first", Labelled("first", 6));
        await ImportAsync(tenant, "second", Labelled("second", 4));

        var seen = new List<StoredExample>();
        long after = -1;
        while (true)
        {
            var page = await tenant.ListExamples(new ExampleQuery(3, after, Label: "a"));
            Assert.True(page.Examples.Length <= 3);
            seen.AddRange(page.Examples);
            if (page.Next is not { } next) break;
            after = next;
        }
        Assert.Equal(5, seen.Count); // 3 of "first", 2 of "second"
        Assert.All(seen, e => Assert.Equal("a", e.Label));
        Assert.Equal(seen.Select(e => e.Id).Order(), seen.Select(e => e.Id));
        Assert.Equal(2, (await tenant.ListExamples(new ExampleQuery(10, Label: "a", ImportId: "second"))).Examples.Length);

        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ListExamples(new ExampleQuery(501)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ListExamples(new ExampleQuery(10, Label: "nope")));
    }

    [Fact]
    public async Task Relabelling_an_unlabelled_row_moves_it_into_the_examples_without_embedding_it_again()
    {
        var tenant = await CreateAsync("edits-relabel");
        await ImportAsync(tenant, "labelled", Labelled("known", 4));
        await ImportAsync(tenant, "open", Unlabelled(2), unlabelled: true);
        var row = (await tenant.ListExamples(new ExampleQuery(1, Source: ExampleSource.Unlabelled))).Examples.Single();
        var embedded = BackboneRows();

        var relabelled = await tenant.RelabelExample(row.Id, "b");

        Assert.Equal(embedded, BackboneRows());
        Assert.Equal(("b", ExampleSource.Suggestion, "open text 0"), (relabelled.Label, relabelled.Source, relabelled.Text));
        var counts = await tenant.CountExamples();
        Assert.Equal(5, counts.Total);
        Assert.Equal(3, counts.PerLabel["b"]);
        Assert.Equal((1, 1), (counts.PerSource!["unlabelled"], counts.PerSource["suggestion"]));
        // A labelled row relabelled keeps its source.
        var known = (await tenant.ListExamples(new ExampleQuery(1, Label: "a"))).Examples.Single();
        Assert.Equal(ExampleSource.Import, (await tenant.RelabelExample(known.Id, "b")).Source);
        Assert.Equal((1, 4), ((await tenant.CountExamples()).PerLabel["a"], (await tenant.CountExamples()).PerLabel["b"]));

        await Assert.ThrowsAsync<NotFoundException>(() => tenant.RelabelExample(SegmentLabelKeys.ExampleId(0, 999), "a"));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.RelabelExample(row.Id, "nope"));
        // The relabelled rows train like any other (the other unlabelled row, labelled "a", keeps two per label).
        var other = (await tenant.ListExamples(new ExampleQuery(1, Source: ExampleSource.Unlabelled))).Examples.Single();
        await tenant.RelabelExample(other.Id, "a");
        await TenantKit.Train(tenant);
    }

    [Fact]
    public async Task Deleting_by_id_and_by_import_removes_rows_from_lists_and_counts()
    {
        var tenant = await CreateAsync("edits-delete");
        await ImportAsync(tenant, "keep", Labelled("keep", 6));
        await ImportAsync(tenant, "wrong", Labelled("wrong", 4));
        var first = (await tenant.ListExamples(new ExampleQuery(1))).Examples.Single();

        Assert.Equal(1, await tenant.DeleteExamples([first.Id], null));
        Assert.Equal(0, await tenant.DeleteExamples([first.Id], null)); // already deleted: nothing more
        Assert.Equal(4, await tenant.DeleteExamples([], "wrong"));

        var left = (await tenant.ListExamples(new ExampleQuery(100))).Examples;
        Assert.Equal(5, left.Length);
        Assert.DoesNotContain(left, e => e.Id == first.Id || e.ImportId == "wrong");
        var counts = await tenant.CountExamples();
        Assert.Equal(5, counts.Total);
        Assert.Equal((2, 3), (counts.PerLabel["a"], counts.PerLabel["b"]));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.DeleteExamples([SegmentLabelKeys.ExampleId(7, 0)], null));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.DeleteExamples([], null));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.RelabelExample(first.Id, "a"));
        // Training reads the rows left (deleted keys are skipped).
        var job = await TenantKit.Train(tenant);
        Assert.Equal(JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task A_label_added_after_training_is_reported_on_classify_until_a_retrain()
    {
        var tenant = await CreateAsync("edits-not-in-head");
        await ImportAsync(tenant, "labelled", Labelled("known", 4));
        await TenantKit.Train(tenant);
        Assert.Empty((await tenant.Classify(["known 1"], 0, true)).Single().LabelsNotInHead!);

        await tenant.AddLabel("c");
        Assert.Equal(["c"], (await tenant.Classify(["known 1"], 0, true)).Single().LabelsNotInHead!);

        await ImportAsync(tenant, "more", [new("c text 1", "c"), new("c text 2", "c")]);
        await TenantKit.Train(tenant);
        Assert.Empty((await tenant.Classify(["known 1"], 0, true)).Single().LabelsNotInHead!);
    }
}
