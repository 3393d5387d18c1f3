using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;

namespace LLMEmbed.Cluster.Tests;

public class PromotionRuleTests
{
    // The rule reads only the scores; any head will do.
    private static readonly Head AnyHead = new(HeadKind.LogReg, ["0", "1"], null, [new DenseLayer(1, 2, new float[2], new float[2])],
        new HeadTrainingInfo(1, 1, 0, 2, ""));

    private static HoldoutMetrics Accuracy(double value) => new(value, value, 10, ["a", "b"], [5, 0, 0, 5]);

    private static TenantState WithActive(int version) => new()
    {
        Exists = true,
        ActiveVersion = version,
        Heads = [new HeadRecord(version, HeadKindContract.LogReg, Accuracy(0.9), DateTimeOffset.UtcNow, 10, TrainingMode.Full)],
    };

    [Fact]
    public void A_worse_head_is_kept_but_not_promoted()
    {
        var (promote, reason) = PromotionRule.Decide(WithActive(1), new TrainingOutcome(AnyHead, Accuracy(0.7), Accuracy(0.9), 1, 10, Forced: false));
        Assert.False(promote);
        Assert.Contains("not promoted", reason);
    }

    [Fact]
    public void A_worse_head_is_promoted_when_forced()
    {
        Assert.True(PromotionRule.Decide(WithActive(1), new TrainingOutcome(AnyHead, Accuracy(0.7), Accuracy(0.9), 1, 10, Forced: true)).Promote);
    }

    [Fact]
    public void An_equally_good_head_is_promoted()
    {
        Assert.True(PromotionRule.Decide(WithActive(1), new TrainingOutcome(AnyHead, Accuracy(0.9), Accuracy(0.9), 1, 10, Forced: false)).Promote);
    }

    [Fact]
    public void A_head_compared_with_a_version_no_longer_active_waits_for_an_explicit_promote()
    {
        Assert.False(PromotionRule.Decide(WithActive(2), new TrainingOutcome(AnyHead, Accuracy(1.0), Accuracy(0.5), 1, 10, Forced: false)).Promote);
    }

    [Fact]
    public void The_holdout_takes_a_seeded_stratified_share_and_leaves_every_label_in_training()
    {
        string[] keys = [.. Enumerable.Repeat("0", 10), .. Enumerable.Repeat("1", 2)];
        var (train, holdout) = TenantTrainer.StratifiedHoldout(keys, 0.2, 42);
        Assert.Equal(2, holdout.Count(i => keys[i] == "0"));
        Assert.Equal(1, holdout.Count(i => keys[i] == "1"));
        Assert.Equal(12, train.Length + holdout.Length);
        Assert.Equal(holdout, TenantTrainer.StratifiedHoldout(keys, 0.2, 42).Holdout);
    }
}
