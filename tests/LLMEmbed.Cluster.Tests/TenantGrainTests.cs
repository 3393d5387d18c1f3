using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Tenant grains over the deterministic test backbones (features: token-id sum and length).</summary>
[Collection(ClusterCollection.Name)]
public class TenantGrainTests(ClusterFixture fixture)
{
    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    /// <summary>Short texts vs long texts: separable by the test backbone's length feature.</summary>
    private static LabeledExample[] ShortAndLong(string shortLabel, string longLabel, int each, int offset = 0) =>
        Enumerable.Range(offset, each).SelectMany(i => new[]
        {
            new LabeledExample($"s{i % 10}{(char)('a' + i % 26)}", shortLabel),
            new LabeledExample($"a much longer piece of text number {i} with many words in it", longLabel),
        }).ToArray();

    [Fact]
    public async Task Refused_calls_change_nothing_that_is_stored()
    {
        var tenant = Tenant("validation");
        var limits = new TenantLimits(100, TextsPerCall: 4, MaxExamples: 5, MaxLabels: 3);
        await tenant.Create(TenantKit.Settings(limits: limits));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => tenant.Create(TenantKit.Settings()));
        await tenant.SetLabels(["a", "b"]);
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new("one", "a"), new("two", "b")], truncate: true));
        var before = await tenant.CountExamples();
        Assert.Equal(2, before.Total);

        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples([new("fine", "a"), new("x", "nope")], true));
        var tooMany = await Assert.ThrowsAsync<LimitExceededException>(() => tenant.AddExamples(Enumerable.Repeat(new LabeledExample("t", "a"), 5).ToArray(), true));
        Assert.Equal(nameof(TenantInfo.TextsPerGrainCall), tooMany.Limit);
        Assert.Equal(4, (await tenant.Describe()).TextsPerGrainCall); // the tenant's own limit is below the work bound
        var overMax = await Assert.ThrowsAsync<LimitExceededException>(() => tenant.AddExamples(Enumerable.Repeat(new LabeledExample("t", "a"), 4).ToArray(), true));
        Assert.Equal(nameof(TenantLimits.MaxExamples), overMax.Limit);
        Assert.Contains("MaxExamples", overMax.Message);
        await tenant.RetireLabel("b");
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples([new("x", "b")], true));
        await tenant.AddLabel("b");

        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.SetLabels(["a", "c", "a"]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.RenameLabel("a", "b"));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.RenameLabel("zz", "yy"));
        await tenant.AddLabel("c");
        var labelLimit = await Assert.ThrowsAsync<LimitExceededException>(() => tenant.AddLabel("d"));
        Assert.Equal(nameof(TenantLimits.MaxLabels), labelLimit.Limit);
        var untrained = await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.Classify(["x"], 1, true));
        Assert.Contains("train first", untrained.Message);
        var lacking = await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.StartTraining(new(TrainingMode.Full, HeadKindContract.LogReg, false)));
        Assert.Contains("'a' (1)", lacking.Message);
        Assert.Contains("'c' (0)", lacking.Message);

        var after = await tenant.CountExamples();
        Assert.Equal(2, after.Total);
        Assert.Equal(1, after.PerLabel["a"]);
        Assert.Equal(1, after.PerLabel["b"]);
        Assert.Equal(["a", "b", "c"], (await tenant.ListLabels(false)).Select(l => l.Name).ToArray());

        await Assert.ThrowsAsync<NotFoundException>(() => Tenant("never-created").Describe());
        await Assert.ThrowsAsync<NotFoundException>(() => Tenant("never-created").AddExamples([new("x", "a")], true));
    }

    [Fact]
    public async Task Two_tenants_never_see_each_others_labels_or_examples()
    {
        var left = Tenant("isolation-left");
        var right = Tenant("isolation-right");
        await left.Create(TenantKit.Settings());
        await right.Create(TenantKit.Settings());
        await left.SetLabels(["tiny", "huge"]);
        await right.SetLabels(["brief", "verbose", "other"]);
        await Retry.WhileNoBackboneHost(() => left.AddExamples(ShortAndLong("tiny", "huge", 6), true));
        await Retry.WhileNoBackboneHost(() => right.AddExamples([.. ShortAndLong("brief", "verbose", 4), new("something else", "other"), new("more of other", "other")], true));

        Assert.Equal(12, (await left.CountExamples()).Total);
        Assert.Equal(10, (await right.CountExamples()).Total);
        var perLabel = (await left.CountExamples()).PerLabel;
        Assert.Equal(2, perLabel.Count);
        Assert.Equal(6, perLabel["tiny"]);
        Assert.Equal(6, perLabel["huge"]);
        Assert.DoesNotContain("tiny", (await right.ListLabels(true)).Select(l => l.Name));
        await Assert.ThrowsAsync<InvalidRequestException>(() => right.AddExamples([new("x", "tiny")], true));

        await TenantKit.Train(left);
        var results = await left.Classify(["ab", "a much longer piece of text that nobody has seen before today"], 3, true);
        var all = await left.Classify(["ab"], 0, true);
        Assert.Equal(["huge", "tiny"], all[0].Probabilities.Select(p => p.Label).Order().ToArray()); // top-k 0 = every label
        Assert.All(results.SelectMany(r => r.Probabilities), p => Assert.Contains(p.Label, new[] { "tiny", "huge" }));
        Assert.Equal("tiny", results[0].Label);
        Assert.Equal("huge", results[1].Label);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => right.Classify(["ab"], 1, true));
        Assert.Empty(await right.ListHeads());

        var tenants = await fixture.Cluster.Client.GetGrain<ITenantDirectoryGrain>(0).List();
        Assert.Contains("isolation-left", tenants);
        Assert.Contains("isolation-right", tenants);
        Assert.True(await left.Authorize(TenantKit.KeyHash("secret")));
        Assert.False(await left.Authorize(TenantKit.KeyHash("wrong")));
    }

    [Fact]
    public async Task Repeated_texts_are_served_from_the_fusion_cache_without_backbone_work()
    {
        var tenant = Tenant("cache");
        await tenant.Create(TenantKit.Settings());
        var text = "a text embedded twice " + Guid.NewGuid().ToString("N");
        var first = await Retry.WhileNoBackboneHost(() => tenant.Embed([text], true));
        var backbone = fixture.Backbones.Created["minilm-l6"];
        var runs = backbone.BatchSizes.Sum();
        var second = await tenant.Embed([text, text], true);
        Assert.Equal(runs, backbone.BatchSizes.Sum());
        Assert.Equal(first[0], second[0]);
        Assert.Equal(first[0], second[1]);
        Assert.Equal(TestBackbone.Hidden * sizeof(float), first[0].Length);
    }

    [Fact]
    public async Task Forced_training_promotes_and_the_decision_is_recorded()
    {
        var tenant = Tenant("forced");
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["tiny", "huge"]);
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples(ShortAndLong("tiny", "huge", 5), true));
        var first = await TenantKit.Train(tenant);
        Assert.True(first.Promoted);
        Assert.Contains("no head was active", first.Message);
        var forced = await TenantKit.Train(tenant, TrainingMode.Full, force: true);
        Assert.True(forced.Promoted);
        Assert.Contains("forced", forced.Message);
        var heads = await tenant.ListHeads();
        Assert.Equal([1, 2], heads.Select(h => h.Version).ToArray());
        Assert.True(heads[1].Active);
        // Each version says how its L2 was chosen (a logreg head: by cross-validation over the C grid).
        Assert.All(heads, h => Assert.True(h.Tuning is { L2: > 0, Dropout: 0 } t && t.Selection.Length > 0, $"version {h.Version}: {h.Tuning}"));
        Assert.Equal(2, (await tenant.Describe()).ActiveHeadVersion);
        var back = await tenant.Rollback(0);
        Assert.Equal(1, back.Version);
        Assert.Equal(1, (await tenant.Classify(["ab"], 1, true))[0].HeadVersion);
    }

    [Fact]
    public async Task Delete_removes_the_tenant_and_its_records()
    {
        var tenant = Tenant("deleted");
        await tenant.Create(TenantKit.Settings());
        await tenant.SetLabels(["tiny", "huge"]);
        await Retry.WhileNoBackboneHost(() => tenant.AddExamples(ShortAndLong("tiny", "huge", 3), true));
        string[] Records() => Directory.GetFiles(fixture.DataDirectory, "*.state", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("deleted", StringComparison.Ordinal)).ToArray();
        Assert.Contains(Records(), f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("tenant-segment", StringComparison.Ordinal));
        Assert.True(Records().Length >= 2, string.Join(", ", Records()));
        await tenant.Delete();
        Assert.Empty(Records()); // the state and every segment record are gone from storage
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.CountExamples());
        Assert.DoesNotContain("deleted", await fixture.Cluster.Client.GetGrain<ITenantDirectoryGrain>(0).List());
        await tenant.Create(TenantKit.Settings());
        Assert.Equal(0, (await tenant.CountExamples()).Total);
        Assert.Empty(await tenant.ListLabels(true));
    }
}
