using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Abstention over the real MiniLM backbone: a Reuters tenant declines texts unlike anything it was trained on.</summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmAbstentionTests(MiniLmClusterFixture fixture)
{
    // Texts of the kinds the issue reports answered "earn" with 0.7-0.996 before abstention.
    private static readonly string[] OutOfScope =
    [
        "asdf qwerty zxcv",
        "I loved this movie, the actors were wonderful and the ending made me cry.",
        "The soundtrack was dull and the plot made no sense; two hours I will never get back.",
        "Preheat the oven, whisk the eggs with sugar and fold in the flour gently.",
        "lol that cat video is hilarious, send me more",
    ];

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private static LabeledExample[] Examples(string split) => TenantKit.Reuters()
        .Where(r => r.Split == split && r.Label is "crude" or "earn" or "money-fx").Select(r => new LabeledExample(r.Text, r.Label)).ToArray();

    private static async Task<ClassifyResult[]> Classify(ITenantGrain tenant, string[] texts)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        var results = new List<ClassifyResult>();
        foreach (var chunk in texts.Chunk(perCall)) results.AddRange(await tenant.Classify(chunk, 0, truncate: true));
        return results.ToArray();
    }

    private async Task<ITenantGrain> Trained(string id)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        Assert.False((await tenant.Describe()).Scope!.Abstain); // off until the tenant turns it on
        await tenant.ChangeScope(new ScopeSettings(Abstain: true, TargetCoverage: 0.95));
        foreach (var chunk in Examples("train").Chunk((await tenant.Describe()).TextsPerGrainCall)) await tenant.AddExamples(chunk, truncate: true);
        await TenantKit.Train(tenant);
        return tenant;
    }

    [Fact]
    public async Task Out_of_scope_texts_are_declined_and_in_scope_ones_answered()
    {
        var tenant = await Trained("abstain-reuters");
        var head = (await tenant.ListHeads()).Single(h => h.Active);
        Assert.NotNull(head.Scope);
        Assert.NotNull(head.Calibration);
        Assert.Equal(0.95, head.Scope!.TargetCoverage);
        Assert.InRange(head.Scope.Coverage, 0.9, 1.0);
        Assert.True(head.Scope.ReferenceRows is > 0 and <= 1024, $"{head.Scope.ReferenceRows} reference rows");

        var outside = await Classify(tenant, OutOfScope);
        Assert.All(outside, r =>
        {
            Assert.True(r.Abstained, $"answered {r.Label} at scope {r.ScopeScore:F3} (threshold {head.Scope.Threshold:F3})");
            Assert.Equal("", r.Label);
            Assert.Equal(3, r.Probabilities.Length); // the head's guess is still shown
            Assert.True(r.ScopeScore < head.Scope.Threshold);
        });

        var test = Examples("test");
        var inside = await Classify(tenant, test.Select(e => e.Text).ToArray());
        var answered = inside.Count(r => !r.Abstained) / (double)inside.Length;
        Assert.True(answered >= 0.85, $"answered {answered:P1} of in-scope test stories");
        Assert.All(inside.Where(r => !r.Abstained), r => Assert.True(r.ScopeScore >= head.Scope.Threshold));
        var correct = inside.Zip(test).Where(p => !p.First.Abstained).Count(p => p.First.Label == p.Second.Label) / (double)inside.Count(r => !r.Abstained);
        Assert.True(correct >= 0.85, $"answered accuracy {correct:P1}");
    }

    [Fact]
    public async Task Settings_turn_abstention_off_and_override_the_threshold()
    {
        var tenant = await Trained("abstain-settings");
        var info = await tenant.ChangeScope(new ScopeSettings(Abstain: false, TargetCoverage: 0.95));
        Assert.False(info.Scope!.Abstain);
        var off = await Classify(tenant, OutOfScope);
        Assert.All(off, r => Assert.False(r.Abstained));
        Assert.All(off, r => Assert.NotEqual("", r.Label));
        Assert.All(off, r => Assert.NotEqual(0, r.ScopeScore)); // still scored, so a caller can route on it

        // A threshold above any cosine declines everything; clearing it restores the head's own.
        await tenant.ChangeScope(new ScopeSettings(true, 0.95, Threshold: 1.0));
        var story = Examples("test").Take(3).Select(e => e.Text).ToArray();
        Assert.All(await Classify(tenant, story), r => Assert.True(r.Abstained));
        await tenant.ChangeScope(new ScopeSettings(true, 0.95));
        Assert.Contains(await Classify(tenant, story), r => !r.Abstained);

        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ChangeScope(new ScopeSettings(true, 0.2)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.ChangeScope(new ScopeSettings(true, 0.95, Threshold: 1.5)));
        Assert.Equal(0.95, (await tenant.Describe()).Scope!.TargetCoverage); // a refused change kept the setting
    }

    [Fact]
    public async Task Calibrated_probabilities_still_sum_to_one_and_keep_the_heads_ranking()
    {
        var tenant = await Trained("abstain-calibrated");
        var head = (await tenant.ListHeads()).Single(h => h.Active);
        Assert.InRange(head.Calibration!.Temperature, 0.05, 20);
        var results = await Classify(tenant, Examples("test").Take(20).Select(e => e.Text).ToArray());
        Assert.All(results, r => Assert.InRange(r.Probabilities.Sum(p => p.Probability), 0.99f, 1.01f));
        Assert.All(results, r => Assert.True(r.Abstained || r.Label == r.Probabilities[0].Label));
    }
}
