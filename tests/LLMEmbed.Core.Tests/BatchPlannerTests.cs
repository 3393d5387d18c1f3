using LLMEmbed.Core.Batching;

namespace LLMEmbed.Core.Tests;

/// <summary>The window planner (<see cref="BatchingOptions.CollectionWindow"/> 0); sorted planning is in <see cref="SortedPlanningTests"/>.</summary>
public class BatchPlannerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    private static BatchingOptions Options(int budget = 1000, int maxBatch = 64, int delayMs = 5, bool group = false) =>
        new() { TokenBudget = budget, MaxBatchSize = maxBatch, MaxDelay = TimeSpan.FromMilliseconds(delayMs), GroupSimilarLengths = group, CollectionWindow = TimeSpan.Zero };

    private static PendingSequence At(int tokens, int ms, int group = 0) => new(tokens, T0 + TimeSpan.FromMilliseconds(ms), group);

    [Fact]
    public void Empty_queue_plans_nothing()
    {
        var plan = BatchPlanner.Plan([], Options(), T0);
        Assert.Empty(plan.Indices);
        Assert.False(plan.Ready);
    }

    [Fact]
    public void Oldest_sequence_leads_even_when_listed_last()
    {
        var plan = BatchPlanner.Plan([At(5, 3), At(5, 2), At(5, 1)], Options(budget: 5), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([2], plan.Indices);
    }

    [Fact]
    public void Budget_counts_padded_tokens_and_a_full_batch_is_ready_at_once()
    {
        // 3 x 10 = 30 fits; a fourth would make 40.
        var plan = BatchPlanner.Plan([At(10, 0), At(10, 1), At(10, 2), At(10, 3)], Options(budget: 30), T0);
        Assert.Equal([0, 1, 2], plan.Indices);
        Assert.Equal(30, plan.PaddedTokens);
        Assert.True(plan.Ready);
    }

    [Fact]
    public void A_long_sequence_raises_the_padding_of_the_whole_batch()
    {
        // 2 x 20 = 40 fits in 45; adding the third (short) one would make 3 x 20 = 60.
        var plan = BatchPlanner.Plan([At(5, 0), At(20, 1), At(5, 2)], Options(budget: 45), T0);
        Assert.Equal([0, 1], plan.Indices);
        Assert.Equal(40, plan.PaddedTokens);
    }

    [Fact]
    public void Batch_size_is_capped()
    {
        var pending = Enumerable.Range(0, 10).Select(i => At(1, i)).ToArray();
        var plan = BatchPlanner.Plan(pending, Options(maxBatch: 4), T0);
        Assert.Equal([0, 1, 2, 3], plan.Indices);
        Assert.True(plan.Ready);
    }

    [Fact]
    public void Only_the_lead_group_joins()
    {
        var plan = BatchPlanner.Plan([At(3, 0, group: 1), At(3, 1, group: 2), At(3, 2, group: 1)], Options(), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([0, 2], plan.Indices);
    }

    [Fact]
    public void Similar_lengths_are_preferred_when_grouping()
    {
        // Budget 26 holds two sequences of up to 13 tokens.
        var pending = new[] { At(10, 0), At(13, 1), At(11, 2) };
        var grouped = BatchPlanner.Plan(pending, Options(budget: 26, group: true), T0);
        Assert.Equal([0, 2], grouped.Indices);
        var byAge = BatchPlanner.Plan(pending, Options(budget: 26, group: false), T0);
        Assert.Equal([0, 1], byAge.Indices);
    }

    [Fact]
    public void Partial_batch_waits_until_the_oldest_reaches_max_delay()
    {
        var pending = new[] { At(4, 0), At(4, 1) };
        var early = BatchPlanner.Plan(pending, Options(delayMs: 5), T0 + TimeSpan.FromMilliseconds(2));
        Assert.False(early.Ready);
        Assert.Equal(TimeSpan.FromMilliseconds(3), early.WaitFor);
        var late = BatchPlanner.Plan(pending, Options(delayMs: 5), T0 + TimeSpan.FromMilliseconds(5));
        Assert.True(late.Ready);
        Assert.Equal([0, 1], late.Indices);
    }

    [Fact]
    public void A_sequence_longer_than_the_budget_still_runs_alone()
    {
        var plan = BatchPlanner.Plan([At(500, 0), At(2, 1)], Options(budget: 100), T0);
        Assert.Equal([0], plan.Indices);
        Assert.True(plan.Ready);
    }

    [Fact]
    public void Empty_sequences_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BatchPlanner.Plan([At(0, 0)], Options(), T0));
    }

    [Theory]
    [InlineData(0, 64, 5, 1024, "TokenBudget")]
    [InlineData(100, 0, 5, 1024, "MaxBatchSize")]
    [InlineData(100, 64, -1, 1024, "MaxDelay")]
    [InlineData(100, 64, 5, 0, "QueueCapacity")]
    public void Invalid_options_name_the_field(int budget, int maxBatch, int delayMs, int capacity, string field)
    {
        var options = new BatchingOptions { TokenBudget = budget, MaxBatchSize = maxBatch, MaxDelay = TimeSpan.FromMilliseconds(delayMs), QueueCapacity = capacity };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(field, error.Message);
    }
}
