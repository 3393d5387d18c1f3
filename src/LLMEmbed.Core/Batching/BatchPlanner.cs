namespace LLMEmbed.Core.Batching;

/// <summary>
/// Chooses the next batch from the waiting sequences. A pure function of its inputs, so the
/// policy is tested without threads or a model.
/// </summary>
public static class BatchPlanner
{
    /// <summary>
    /// The oldest sequence always leads (so nothing starves, even one longer than the budget).
    /// Others of its group join, oldest first — or closest in length first when
    /// <see cref="BatchingOptions.GroupSimilarLengths"/> — while batch size x longest length stays
    /// within the token budget. The batch is ready when it is full (size cap reached or a
    /// compatible sequence did not fit) or the oldest has waited <see cref="BatchingOptions.MaxDelay"/>.
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
        if (anchor.Tokens <= 0)
            throw new ArgumentException($"Pending sequence {lead} has {anchor.Tokens} tokens; at least 1 is required.", nameof(pending));

        if (options.CollectionWindow > TimeSpan.Zero) return PlanSorted(pending, options, now, lead);

        var candidates = new List<int>();
        for (var i = 0; i < pending.Count; i++)
        {
            if (i == lead || pending[i].Group != anchor.Group) continue;
            if (pending[i].Tokens <= 0)
                throw new ArgumentException($"Pending sequence {i} has {pending[i].Tokens} tokens; at least 1 is required.", nameof(pending));
            candidates.Add(i);
        }
        candidates.Sort((a, b) =>
        {
            if (options.GroupSimilarLengths)
            {
                var byDistance = Math.Abs(pending[a].Tokens - anchor.Tokens).CompareTo(Math.Abs(pending[b].Tokens - anchor.Tokens));
                if (byDistance != 0) return byDistance;
            }
            var byAge = pending[a].EnqueuedAt.CompareTo(pending[b].EnqueuedAt);
            return byAge != 0 ? byAge : a.CompareTo(b);
        });

        var chosen = new List<int> { lead };
        var longest = anchor.Tokens;
        var full = false;
        foreach (var i in candidates)
        {
            if (chosen.Count >= options.MaxBatchSize) { full = true; break; }
            var newLongest = Math.Max(longest, pending[i].Tokens);
            if ((long)(chosen.Count + 1) * newLongest > options.TokenBudget) { full = true; continue; }
            chosen.Add(i);
            longest = newLongest;
        }
        if (chosen.Count >= options.MaxBatchSize) full = true;

        var waited = now - anchor.EnqueuedAt;
        var ready = full || waited >= options.MaxDelay;
        var waitFor = ready ? TimeSpan.Zero : options.MaxDelay - waited;
        return new BatchPlan(chosen, chosen.Count * longest, ready, waitFor);
    }

    /// <summary>
    /// Sorted planning (<see cref="BatchingOptions.CollectionWindow"/>): the lead's group, oldest first up to
    /// MaxBatchSize, is ready when that many wait or the lead has waited the window; then it is cut by
    /// <see cref="CostCut"/> and the plan is the one run that holds the lead.
    /// </summary>
    private static BatchPlan PlanSorted(IReadOnlyList<PendingSequence> pending, BatchingOptions options, TimeSpan now, int lead)
    {
        var anchor = pending[lead];
        var pool = new List<int>();
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i].Group != anchor.Group) continue;
            if (pending[i].Tokens <= 0)
                throw new ArgumentException($"Pending sequence {i} has {pending[i].Tokens} tokens; at least 1 is required.", nameof(pending));
            pool.Add(i);
        }
        if (pool.Count > options.MaxBatchSize)
        {
            // Oldest first (ties by position, as the lead was chosen), so the lead stays in.
            pool.Sort((a, b) => pending[a].EnqueuedAt != pending[b].EnqueuedAt ? pending[a].EnqueuedAt.CompareTo(pending[b].EnqueuedAt) : a.CompareTo(b));
            pool.RemoveRange(options.MaxBatchSize, pool.Count - options.MaxBatchSize);
        }
        var waited = now - anchor.EnqueuedAt;
        if (pool.Count < options.MaxBatchSize && waited < options.CollectionWindow)
            return new BatchPlan([], 0, false, options.CollectionWindow - waited);

        var runs = CostCut.Cut(pool.Select(i => pending[i].Tokens).ToArray(), options.MaxRunSize, options.TokenBudget, options.RunOverheadTokens);
        var leadPosition = pool.IndexOf(lead);
        var run = runs.First(r => Array.IndexOf(r, leadPosition) >= 0);
        var chosen = run.Select(p => pool[p]).ToArray();
        return new BatchPlan(chosen, chosen.Length * chosen.Max(i => pending[i].Tokens), true, TimeSpan.Zero);
    }
}
