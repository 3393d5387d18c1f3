using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LLMEmbed.Core.Labelling;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// What to label next, through the tenant grain over the real MiniLM backbone: suggestions are stored unlabelled
/// rows only, never two within the diversity bound of each other (exact duplicates are stored to make the rule
/// bite), spread before a head exists and by uncertainty after; labelling one moves it into the examples.
/// </summary>
[Collection(MiniLmClusterCollection.Name)]
public class TenantSuggestTests(MiniLmClusterFixture fixture)
{
    private static readonly IReadOnlyList<(string Text, string Label, string Split)> Reuters = TenantKit.Reuters();
    private static readonly float Bound = new SuggestionOptions().MaxCosine;

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private static async Task ImportAsync(ITenantGrain tenant, LabeledExample[] rows, bool unlabelled)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        foreach (var chunk in rows.Chunk(perCall))
        {
            var stream = Guid.NewGuid().ToString("N");
            await tenant.ImportRows(new ImportChunk(stream, 0, 0, chunk, Truncate: true, Commit: true, Unlabelled: unlabelled));
            await tenant.EndImport(stream, store: true);
        }
    }

    /// <summary>The tenant's own vectors of the texts (the ones its rows were stored with).</summary>
    private static async Task<float[][]> VectorsAsync(ITenantGrain tenant, string[] texts)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        var rows = new List<float[]>();
        foreach (var chunk in texts.Chunk(perCall))
            rows.AddRange((await tenant.Embed(chunk, truncate: true)).Select(b => MemoryMarshal.Cast<byte, float>(b).ToArray()));
        return rows.ToArray();
    }

    private static async Task AssertUnlabelledAndDiverse(ITenantGrain tenant, SuggestionList list)
    {
        var unlabelled = new List<StoredExample>();
        for (long after = -1; ;)
        {
            var page = await tenant.ListExamples(new ExampleQuery(500, after, Source: ExampleSource.Unlabelled));
            unlabelled.AddRange(page.Examples);
            if (page.Next is not { } next) break;
            after = next;
        }
        var byId = unlabelled.ToDictionary(e => e.Id);
        Assert.All(list.Suggestions, s => Assert.Equal(byId[s.ExampleId].Text, s.Text));
        Assert.Equal(list.Suggestions.Length, list.Suggestions.Select(s => s.ExampleId).Distinct().Count());
        // The bound holds in the pool's centred space (the whole unlabelled pool: it is under the candidate cap).
        var pool = SuggestionSelector.CentredUnit(await VectorsAsync(tenant, unlabelled.Select(e => e.Text!).ToArray()));
        var position = unlabelled.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var unit = list.Suggestions.Select(s => pool[position[s.ExampleId]]).ToArray();
        for (var i = 0; i < unit.Length; i++)
            for (var j = i + 1; j < unit.Length; j++)
                Assert.True(TensorPrimitives.Dot(unit[i], unit[j]) <= Bound,
                    $"suggestions {i} and {j} have cosine {TensorPrimitives.Dot(unit[i], unit[j]):0.000} > {Bound}");
    }

    [Fact]
    public async Task Suggestions_are_unlabelled_rows_never_within_the_diversity_bound_before_and_after_training()
    {
        var tenant = Tenant("suggest-loop");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        var labelled = Reuters.Where(r => r.Split == "train").GroupBy(r => r.Label).SelectMany(g => g.Take(8))
            .Select(r => new LabeledExample(r.Text, r.Label)).ToArray();
        var open = Reuters.Where(r => r.Split == "test").Select(r => r.Text).ToList();
        // Exact copies of ten stories (cosine 1): a story and its copy may never both be suggested.
        var stored = open.Concat(open.Take(10)).Select(t => new LabeledExample(t, "")).ToArray();
        await ImportAsync(tenant, labelled, unlabelled: false);
        await ImportAsync(tenant, stored, unlabelled: true);

        var spread = await tenant.Suggest(20);
        Assert.Equal(("spread", 0, stored.Length), (spread.Strategy, spread.HeadVersion, (int)spread.Candidates));
        Assert.Equal(20, spread.Suggestions.Length);
        Assert.All(spread.Suggestions, s => Assert.Equal((0.0, ""), (s.Score, s.PredictedLabel)));
        await AssertUnlabelledAndDiverse(tenant, spread);
        Assert.Equal(spread.Suggestions.Select(s => s.ExampleId), (await tenant.Suggest(20)).Suggestions.Select(s => s.ExampleId)); // seeded

        await TenantKit.Train(tenant);
        var uncertain = await tenant.Suggest(20);
        Assert.Equal(("uncertainty", 1), (uncertain.Strategy, uncertain.HeadVersion));
        Assert.Equal(20, uncertain.Suggestions.Length);
        Assert.All(uncertain.Suggestions, s => Assert.Contains(s.PredictedLabel, new[] { "crude", "earn", "money-fx" }));
        Assert.All(uncertain.Suggestions, s => Assert.InRange(s.Score, 0, 1));
        // Most uncertain first.
        Assert.Equal(uncertain.Suggestions.Select(s => s.Score).OrderDescending(), uncertain.Suggestions.Select(s => s.Score));
        await AssertUnlabelledAndDiverse(tenant, uncertain);
        // At most 100 per call, and the whole pool when it is smaller than asked.
        var all = await tenant.Suggest(100);
        Assert.True(all.Suggestions.Length <= open.Count, $"{all.Suggestions.Length} suggestions from {open.Count} distinct texts");
        await AssertUnlabelledAndDiverse(tenant, all);
    }

    [Fact]
    public async Task Labelling_a_suggestion_moves_it_into_the_examples_and_out_of_the_suggestions()
    {
        var tenant = Tenant("suggest-relabel");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        await ImportAsync(tenant, Reuters.Where(r => r.Split == "train").GroupBy(r => r.Label).SelectMany(g => g.Take(4))
            .Select(r => new LabeledExample(r.Text, r.Label)).ToArray(), unlabelled: false);
        await ImportAsync(tenant, Reuters.Where(r => r.Split == "test").Take(30).Select(r => new LabeledExample(r.Text, "")).ToArray(), unlabelled: true);
        var before = await tenant.CountExamples();
        var first = (await tenant.Suggest(5)).Suggestions[0];

        var labelled = await tenant.RelabelExample(first.ExampleId, "crude");

        Assert.Equal((ExampleSource.Suggestion, first.Text), (labelled.Source, labelled.Text));
        var after = await tenant.CountExamples();
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal(before.PerLabel["crude"] + 1, after.PerLabel["crude"]);
        Assert.Equal((before.PerSource!["unlabelled"] - 1, 1L), (after.PerSource!["unlabelled"], after.PerSource["suggestion"]));
        var next = await tenant.Suggest(100);
        Assert.Equal(29, next.Candidates);
        Assert.DoesNotContain(next.Suggestions, s => s.ExampleId == first.ExampleId);
    }

    [Fact]
    public async Task Counts_outside_1_to_100_are_refused_and_a_tenant_without_unlabelled_rows_gets_an_empty_list()
    {
        var tenant = Tenant("suggest-empty");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn"]);
        await ImportAsync(tenant, [new("Oil prices rose.", "crude"), new("Profit doubled.", "earn")], unlabelled: false);

        var empty = await tenant.Suggest(10);
        Assert.Empty(empty.Suggestions);
        Assert.Equal(0, empty.Candidates);
        Assert.Equal("count", (await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.Suggest(0))).Field);
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.Suggest(SuggestionOptions.MaxCount + 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Tenant("suggest-nobody").Suggest(10));
    }
}
