using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Corrections that teach, over the real MiniLM backbone: feedback by prediction id becomes one example and is trained on.</summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmFeedbackTests(MiniLmClusterFixture fixture)
{
    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private static LabeledExample[] Examples(string split, params string[] labels) => TenantKit.Reuters()
        .Where(r => r.Split == split && labels.Contains(r.Label)).Select(r => new LabeledExample(r.Text, r.Label)).ToArray();

    private async Task<ITenantGrain> Trained(string id)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings("last", keepTexts: true));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        foreach (var chunk in Examples("train", "crude", "earn", "money-fx").Chunk((await tenant.Describe()).TextsPerGrainCall))
            await tenant.AddExamples(chunk, truncate: true);
        await TenantKit.Train(tenant);
        return tenant;
    }

    [Fact]
    public async Task Feedback_twice_with_one_prediction_id_stores_one_example()
    {
        var tenant = await Trained("feedback-once");
        var before = await tenant.CountExamples();
        var result = (await tenant.Classify(["Brent crude rose two dollars as OPEC agreed to cut output."], 1, truncate: true)).Single();
        Assert.False(string.IsNullOrEmpty(result.PredictionId));

        var first = await tenant.Feedback(result.PredictionId!, "money-fx", outOfScope: false);
        var again = await tenant.Feedback(result.PredictionId!, "money-fx", outOfScope: false);
        var other = await tenant.Feedback(result.PredictionId!, "earn", outOfScope: false); // a different answer is still the first one
        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.True(other.Repeated);
        Assert.Equal(first.ExampleId, again.ExampleId);
        Assert.Equal("money-fx", other.Label);
        Assert.Equal(result.Label, first.PredictedLabel);

        var after = await tenant.CountExamples();
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal(before.PerLabel["money-fx"] + 1, after.PerLabel["money-fx"]);
        Assert.Equal(1, after.PerSource!["feedback"]);
        Assert.Equal(1, (await tenant.Describe()).Feedback);
        var stored = (await tenant.ListExamples(new ExampleQuery(10, Source: ExampleSource.Feedback))).Examples.Single();
        Assert.Equal((first.ExampleId, "money-fx"), (stored.Id, stored.Label));
        Assert.StartsWith("Brent crude", stored.Text); // the tenant keeps texts, so the feedback row has its text
    }

    [Fact]
    public async Task Feedback_rows_are_trained_on_by_the_next_incremental_train()
    {
        var tenant = await Trained("feedback-trains");
        var trainedOn = (await tenant.ListHeads()).Single(h => h.Active).Examples;
        var texts = Examples("test", "crude").Take(4).Select(e => e.Text).ToArray();
        foreach (var r in await tenant.Classify(texts, 1, truncate: true)) await tenant.Feedback(r.PredictionId!, "crude", outOfScope: false);
        var outside = (await tenant.Classify(["asdf qwerty zxcv"], 1, truncate: true)).Single();
        var marked = await tenant.Feedback(outside.PredictionId!, null, outOfScope: true);
        Assert.True(marked.OutOfScope);

        var job = await TenantKit.Train(tenant, TrainingMode.Incremental, force: true);
        Assert.True(job.Promoted, job.Message);
        var head = (await tenant.ListHeads()).Single(h => h.Active);
        // The four labelled feedback rows are trained on; the out-of-scope mark is stored but is no label's example.
        Assert.Equal(trainedOn + 4, head.Examples);
        Assert.Equal(5, (await tenant.CountExamples()).PerSource!["feedback"]);
    }

    [Fact]
    public async Task Bad_feedback_is_refused_and_stores_nothing()
    {
        var tenant = await Trained("feedback-bad");
        var result = (await tenant.Classify(["Quarterly profit rose 10 pct."], 1, truncate: true)).Single();
        var before = (await tenant.CountExamples()).Total;
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.Feedback("p000000000000-0", "earn", false));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.Feedback(result.PredictionId!, "earn", outOfScope: true));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.Feedback(result.PredictionId!, null, outOfScope: false));
        await Assert.ThrowsAnyAsync<Exception>(() => tenant.Feedback(result.PredictionId!, "no-such-label", false));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.Feedback(" ", "earn", false));
        Assert.Equal(before, (await tenant.CountExamples()).Total);
        Assert.False((await tenant.Feedback(result.PredictionId!, "earn", false)).Repeated); // the refused calls used nothing up
    }
}
