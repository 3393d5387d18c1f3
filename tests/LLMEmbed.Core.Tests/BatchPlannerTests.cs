using LLMEmbed.Core.Batching;

namespace LLMEmbed.Core.Tests;

/// <summary>The batch planner (<see cref="BatchPlanner"/>) and its cut, <see cref="CostCut"/>, which the offline runner shares.</summary>
public class BatchPlannerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    private static BatchingOptions Options(int windowMs = 4, int maxRun = 4, int overhead = 16, int budget = 8192, int pool = 64) =>
        new() { TokenBudget = budget, PlanningPool = pool, MaxRunSize = maxRun, CollectionWindow = TimeSpan.FromMilliseconds(windowMs), RunOverheadTokens = overhead };

    private static PendingSequence At(int tokens, int ms, int group = 0) => new(tokens, T0 + TimeSpan.FromMilliseconds(ms), group);

    /// <summary>Plans until the queue is empty, as the batcher's loop does; returns the runs in order (as pending tokens).</summary>
    private static List<int[]> Drain(List<PendingSequence> queue, BatchingOptions options, TimeSpan now)
    {
        var runs = new List<int[]>();
        while (queue.Count > 0)
        {
            var plan = BatchPlanner.Plan(queue, options, now);
            Assert.True(plan.Ready);
            runs.Add(plan.Indices.Select(i => queue[i].Tokens).ToArray());
            foreach (var i in plan.Indices.OrderDescending()) queue.RemoveAt(i);
        }
        return runs;
    }

    private static long Padded(IEnumerable<int[]> runs) => runs.Sum(r => (long)r.Length * r.Max());

    [Fact]
    public void Sorted_cut_pads_less_than_arrival_order_on_a_mixed_length_queue()
    {
        int[] lengths = [200, 20, 180, 30, 190, 25, 210, 35, 22, 205, 28, 185];
        var queue = lengths.Select((t, i) => At(t, i)).ToList();
        var sorted = Drain(queue, Options(), T0 + TimeSpan.FromSeconds(1));
        var arrival = lengths.Chunk(4).ToList();
        Assert.Equal(lengths.Order(), sorted.SelectMany(r => r).Order());
        Assert.All(sorted, r => Assert.InRange(r.Length, 1, 4));
        Assert.True(Padded(sorted) < Padded(arrival), $"sorted {Padded(sorted)} vs arrival order {Padded(arrival)}");
        // Short and long texts never share a run here: each run spans at most 30 tokens.
        Assert.All(sorted, r => Assert.True(r.Max() - r.Min() <= 30, string.Join(",", r)));
        Assert.True(Padded(sorted) <= 1.1 * lengths.Sum(), $"padding {Padded(sorted)} over {lengths.Sum()} real tokens");
    }

    [Fact]
    public void Empty_queue_plans_nothing()
    {
        var plan = BatchPlanner.Plan([], Options(), T0);
        Assert.Empty(plan.Indices);
        Assert.False(plan.Ready);
    }

    [Fact]
    public void A_long_text_between_short_ones_does_not_pad_them()
    {
        // Arrival order would pair the first short one with the long one; the sorted cut pairs the two short ones.
        PendingSequence[] pending = [At(5, 0), At(20, 1), At(5, 2)];
        var plan = BatchPlanner.Plan(pending, Options(overhead: 16, budget: 45), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([0, 2], plan.Indices);
        Assert.Equal(10, plan.PaddedTokens);
    }

    [Fact]
    public void A_sequence_longer_than_the_budget_still_runs_alone()
    {
        var plan = BatchPlanner.Plan([At(500, 0), At(2, 1)], Options(budget: 100), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([0], plan.Indices);
        Assert.True(plan.Ready);
    }

    [Fact]
    public void Empty_sequences_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BatchPlanner.Plan([At(0, 0)], Options(), T0));
    }

    [Fact]
    public void A_zero_window_plans_at_once()
    {
        var plan = BatchPlanner.Plan([At(10, 0), At(12, 0)], Options(windowMs: 0), T0);
        Assert.True(plan.Ready);
        Assert.Equal([0, 1], plan.Indices);
    }

    [Fact]
    public void The_oldest_waits_at_most_the_window_and_is_in_the_next_run()
    {
        PendingSequence[] pending = [At(40, 3), At(250, 0), At(41, 2), At(42, 1)];
        var early = BatchPlanner.Plan(pending, Options(windowMs: 4), T0 + TimeSpan.FromMilliseconds(1));
        Assert.False(early.Ready);
        Assert.Equal(TimeSpan.FromMilliseconds(3), early.WaitFor);
        var due = BatchPlanner.Plan(pending, Options(windowMs: 4), T0 + TimeSpan.FromMilliseconds(4));
        Assert.True(due.Ready);
        // The oldest (250 tokens) runs now, though the short ones would be cheaper to group first.
        Assert.Contains(1, due.Indices);
    }

    [Fact]
    public void Every_sequence_runs_within_the_window_plus_the_runs_before_it()
    {
        // A stream: one sequence per ms of mixed length; a run takes its cost (price + padded tokens) at 400 tokens/ms.
        var random = new Random(5);
        var options = Options(windowMs: 4, maxRun: 4, overhead: 32);
        var arrivals = Enumerable.Range(0, 200).Select(i => At(random.Next(10, 257), i)).ToArray();
        var queue = new List<PendingSequence>();
        var now = T0;
        var next = 0;
        var worst = TimeSpan.Zero;
        while (next < arrivals.Length || queue.Count > 0)
        {
            while (next < arrivals.Length && arrivals[next].EnqueuedAt <= now) queue.Add(arrivals[next++]);
            var plan = BatchPlanner.Plan(queue, options, now);
            if (!plan.Ready)
            {
                now += queue.Count == 0 ? TimeSpan.FromMilliseconds(1) : plan.WaitFor;
                continue;
            }
            var oldest = queue.Min(p => p.EnqueuedAt);
            Assert.Contains(plan.Indices, i => queue[i].EnqueuedAt == oldest);
            foreach (var i in plan.Indices) worst = TimeSpan.FromTicks(Math.Max(worst.Ticks, (now - queue[i].EnqueuedAt).Ticks));
            var tokens = plan.Indices.Count * plan.Indices.Max(i => queue[i].Tokens);
            foreach (var i in plan.Indices.OrderDescending()) queue.RemoveAt(i);
            now += TimeSpan.FromMilliseconds((options.RunOverheadTokens + tokens) / 400.0);
        }
        // The model outpaces the arrivals (~133 tokens/ms): no one waits more than the window plus a few of the longest runs.
        var longestRun = (options.RunOverheadTokens + 4 * 256) / 400.0;
        Assert.True(worst <= TimeSpan.FromMilliseconds(4 + 3 * longestRun), $"worst wait {worst.TotalMilliseconds} ms");
    }

    [Fact]
    public void Only_the_lead_group_is_pooled()
    {
        var plan = BatchPlanner.Plan([At(10, 0, group: 1), At(10, 1, group: 2), At(10, 2, group: 1)], Options(), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([0, 2], plan.Indices);
    }

    [Fact]
    public void A_full_pool_is_ready_before_the_window_ends()
    {
        var pending = Enumerable.Range(0, 8).Select(i => At(10, 0)).ToArray();
        var plan = BatchPlanner.Plan(pending, Options(windowMs: 50, pool: 8), T0);
        Assert.True(plan.Ready);
        Assert.Equal(4, plan.Indices.Count);
    }

    [Fact]
    public void Cut_without_run_overhead_never_pads()
    {
        int[] lengths = [7, 3, 7, 9, 3, 3];
        var runs = CostCut.Cut(lengths, maxRunSize: 8, tokenBudget: 1000, runOverheadTokens: 0);
        Assert.All(runs, r => Assert.Single(r.Select(i => lengths[i]).Distinct()));
        Assert.Equal(Enumerable.Range(0, lengths.Length), runs.SelectMany(r => r).Order());
    }

    [Fact]
    public void Cut_with_a_high_run_overhead_fills_runs_and_keeps_the_budget()
    {
        var lengths = Enumerable.Range(1, 10).ToArray();
        var filled = CostCut.Cut(lengths, maxRunSize: 5, tokenBudget: 1000, runOverheadTokens: 1000);
        Assert.Equal([5, 5], filled.Select(r => r.Length));
        // Budget 12: at most 12 padded tokens a run, unless the run is one sequence.
        var bounded = CostCut.Cut([20, 6, 6, 5], maxRunSize: 5, tokenBudget: 12, runOverheadTokens: 1000);
        Assert.All(bounded, r => Assert.True(r.Length == 1 || r.Length * r.Max(i => new[] { 20, 6, 6, 5 }[i]) <= 12));
        Assert.Equal(3, bounded.Count);
    }

    [Fact]
    public void Cut_balances_padding_against_the_run_price()
    {
        // 10 and 11 merge (padding 1 < price 5); 11 and 30 stay apart (padding 19 > 5).
        var runs = CostCut.Cut([30, 10, 11], maxRunSize: 8, tokenBudget: 1000, runOverheadTokens: 5);
        Assert.Equal(new[] { new[] { 1, 2 }, new[] { 0 } }, runs);
    }

    [Theory]
    [InlineData(0, 64, 16, 1024, 4, 64, "Batching:TokenBudget")]
    [InlineData(100, 0, 16, 1024, 4, 64, "Batching:PlanningPool")]
    [InlineData(100, 64, 0, 1024, 4, 64, "Batching:MaxRunSize")]
    [InlineData(100, 64, 16, 0, 4, 64, "Batching:QueueCapacity")]
    [InlineData(100, 64, 16, 1024, -1, 64, "Batching:CollectionWindow")]
    [InlineData(100, 64, 16, 1024, 20_000, 64, "Batching:CollectionWindow")]
    [InlineData(100, 64, 16, 1024, 4, -1, "Batching:RunOverheadTokens")]
    public void Invalid_options_name_the_key(int budget, int pool, int maxRun, int capacity, int windowMs, int overhead, string key)
    {
        var options = new BatchingOptions
        {
            TokenBudget = budget, PlanningPool = pool, MaxRunSize = maxRun, QueueCapacity = capacity,
            CollectionWindow = TimeSpan.FromMilliseconds(windowMs), RunOverheadTokens = overhead,
        };
        var failure = Assert.Single(OptionsCheck.Failures(new BatchingOptionsValidator(), options, BatchingOptions.SectionName));
        Assert.StartsWith(key + ":", failure);
    }

    [Fact]
    public void Default_options_are_valid() => Assert.Empty(OptionsCheck.Failures(new BatchingOptionsValidator(), new BatchingOptions(), BatchingOptions.SectionName));
}
