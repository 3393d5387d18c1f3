using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Cold start from label descriptions over the real MiniLM backbone: described labels answer zero-shot
/// (source zero_shot, head version 0) until every described label has zero_shot_below examples and a head is active.
/// </summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmZeroShotTests(MiniLmClusterFixture fixture)
{
    private const string Positive = "A positive movie review: the film was great, moving and well worth watching.\nI loved this movie; the acting was wonderful and the story was beautiful.";
    private const string Negative = "A negative movie review: the film was bad, boring and a waste of time.\nI hated this movie; the acting was terrible and the plot made no sense.";
    private static readonly string[] Obvious =
        ["What a wonderful film: the actors were superb and the ending moved me to tears.", "Dull, badly acted and far too long; the worst movie I have seen this year."];

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private static LabeledExample[] Reviews(int perLabel) =>
    [
        .. Enumerable.Range(0, perLabel).Select(i => new LabeledExample($"Review {i}: a brilliant, enjoyable film with a great cast.", "positive")),
        .. Enumerable.Range(0, perLabel).Select(i => new LabeledExample($"Review {i}: a terrible, boring film with a weak cast.", "negative")),
    ];

    private async Task<ITenantGrain> DescribedTenant(string id)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["positive", "negative"]);
        await Retry.WhileNoBackboneHost(() => tenant.DescribeLabel("positive", Positive));
        await tenant.DescribeLabel("negative", Negative);
        return tenant;
    }

    [Fact]
    public async Task Described_labels_answer_zero_shot_before_any_example()
    {
        var tenant = Tenant("zero-shot-cold");
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["positive", "negative"]);
        // Without a head and without descriptions classify is refused, as before.
        await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.Classify(Obvious, 0, truncate: true));
        await Retry.WhileNoBackboneHost(() => tenant.DescribeLabel("positive", Positive));
        var labels = await tenant.DescribeLabel("negative", Negative);
        Assert.Equal(Negative, labels.Single(l => l.Name == "negative").Description);

        var results = await tenant.Classify(Obvious, 0, truncate: true);

        Assert.Equal(["positive", "negative"], results.Select(r => r.Label));
        Assert.All(results, r => Assert.Equal(ClassifySource.ZeroShot, r.Source));
        Assert.All(results, r => Assert.Equal(0, r.HeadVersion));
        Assert.All(results, r => Assert.InRange(r.Probabilities.Sum(p => p.Probability), 0.99f, 1.01f));
        Assert.All(results, r => Assert.True(r.Probabilities[0].Probability > 0.5f, $"{r.Label} {r.Probabilities[0].Probability}"));
        Assert.Single((await tenant.Classify(Obvious, 1, truncate: true))[0].Probabilities);
    }

    [Fact]
    public async Task The_head_takes_over_once_every_described_label_has_zero_shot_below_examples()
    {
        var tenant = await DescribedTenant("zero-shot-handover");
        Assert.Equal(4, (await tenant.ChangeZeroShotBelow(4)).ZeroShotBelow);
        await tenant.AddExamples(Reviews(3), truncate: true);
        await TenantKit.Train(tenant);
        // A head is active, but each label has 3 < 4 examples: still zero-shot.
        Assert.All(await tenant.Classify(Obvious, 0, truncate: true), r => Assert.Equal(ClassifySource.ZeroShot, r.Source));

        await tenant.AddExamples(Reviews(1), truncate: true);
        var byHead = await tenant.Classify(Obvious, 0, truncate: true);
        Assert.All(byHead, r => Assert.Equal(ClassifySource.Head, r.Source));
        Assert.All(byHead, r => Assert.Equal(1, r.HeadVersion));

        // Raising the bar brings zero-shot back; clearing one description leaves one described label: the head answers.
        await tenant.ChangeZeroShotBelow(100);
        Assert.All(await tenant.Classify(Obvious, 0, truncate: true), r => Assert.Equal(ClassifySource.ZeroShot, r.Source));
        var cleared = await tenant.DescribeLabel("positive", null);
        Assert.Null(cleared.Single(l => l.Name == "positive").Description);
        Assert.All(await tenant.Classify(Obvious, 0, truncate: true), r => Assert.Equal(ClassifySource.Head, r.Source));
    }

    [Fact]
    public async Task Descriptions_are_checked_and_survive_a_rename()
    {
        var tenant = await DescribedTenant("zero-shot-rules");
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.DescribeLabel("neutral", "Neither good nor bad."));
        var tooLong = await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.DescribeLabel("positive", new string('a', 2_001)));
        Assert.Contains("2000", tooLong.Message.Replace(",", ""));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.DescribeLabel("positive", string.Join(' ', Enumerable.Repeat("Good.", 17))));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ChangeZeroShotBelow(-1));

        await tenant.RenameLabel("positive", "good");
        var results = await tenant.Classify(Obvious, 0, truncate: true);
        Assert.Equal(["good", "negative"], results.Select(r => r.Label));
        Assert.Equal(Positive, (await tenant.ListLabels(false)).Single(l => l.Name == "good").Description);
    }

    [Fact]
    public async Task The_zero_shot_vector_of_a_layered_recipe_is_its_last_layer_mean_from_the_same_pass()
    {
        // Called from a silo, as tenant grains call it. Fresh texts: nothing cached.
        var fusion = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IFusionGrain>(0);
        string[] texts = ["The zero-shot view of a layered recipe, first text.", "The zero-shot view of a layered recipe, second text."];
        var layered = await fusion.Fuse(new FusionRequest("layers@minilm-l6", LongTextSettings.Default, texts, Truncate: true, ZeroShot: true));
        var last = await fusion.Fuse(new FusionRequest("last@minilm-l6", LongTextSettings.Default, texts, Truncate: true));

        Assert.Equal(384, layered.ZeroShotDim);
        for (var r = 0; r < texts.Length; r++)
        {
            Assert.Equal(last.Row(r).ToArray(), layered.ZeroShotRow(r).ToArray());
            Assert.NotEqual(layered.Row(r).ToArray(), layered.ZeroShotRow(r).ToArray());
        }
        // From the cache the zero-shot vectors come back too; without asking, none are sent.
        var cached = await fusion.Fuse(new FusionRequest("layers@minilm-l6", LongTextSettings.Default, texts, Truncate: true, ZeroShot: true));
        Assert.Equal(layered.ZeroShot, cached.ZeroShot);
        Assert.Null((await fusion.Fuse(new FusionRequest("layers@minilm-l6", LongTextSettings.Default, texts, Truncate: true))).ZeroShot);
    }
}
