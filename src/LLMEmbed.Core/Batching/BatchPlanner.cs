namespace LLMEmbed.Core.Batching;

/// <summary>
/// Chooses the next model run from the waiting sequences. A pure function of its inputs, so the
/// policy is tested without threads or a model.
/// </summary>
public static class BatchPlanner
{
    /// <summary>
    /// The oldest sequence leads (so nothing starves, even one longer than the budget). Its group, oldest
    /// first up to <see cref="BatchingOptions.PlanningPool"/>, is ready when the pool is full or the lead has
    /// waited <see cref="BatchingOptions.CollectionWindow"/>; then the pool is cut by <see cref="CostCut"/> and
    /// the plan is the one run that holds the lead.
    /// </summary>
    public static BatchPlan Plan(IReadOnlyList<PendingSequence> pending, BatchingOptions options, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(options);
        if (pending.Count == 0) return BatchPlan.Empty;

        var lead = 0;
        for (var i = 1; i < pending.Count; i++)
            if (pending[i].EnqueuedAt < pending[lead].EnqueuedAt) lead = i;
        var anchor = pending[lead];
        var pool = new List<int>();
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i].Group != anchor.Group) continue;
            if (pending[i].Tokens <= 0)
                throw new ArgumentException($"Pending sequence {i} has {pending[i].Tokens} tokens; at least 1 is required.", nameof(pending));
            pool.Add(i);
        }
        if (pool.Count > options.PlanningPool)
        {
            // Oldest first (ties by position, as the lead was chosen), so the lead stays in.
            pool.Sort((a, b) => pending[a].EnqueuedAt != pending[b].EnqueuedAt ? pending[a].EnqueuedAt.CompareTo(pending[b].EnqueuedAt) : a.CompareTo(b));
            pool.RemoveRange(options.PlanningPool, pool.Count - options.PlanningPool);
        }
        var waited = now - anchor.EnqueuedAt;
        if (pool.Count < options.PlanningPool && waited < options.CollectionWindow)
            return new BatchPlan([], 0, false, options.CollectionWindow - waited);

        var runs = CostCut.Cut(pool.Select(i => pending[i].Tokens).ToArray(), options.MaxRunSize, options.TokenBudget, options.RunOverheadTokens);
        var leadPosition = pool.IndexOf(lead);
        var run = runs.First(r => Array.IndexOf(r, leadPosition) >= 0);
        var chosen = run.Select(p => pool[p]).ToArray();
        return new BatchPlan(chosen, chosen.Length * chosen.Max(i => pending[i].Tokens), true, TimeSpan.Zero);
    }
}
