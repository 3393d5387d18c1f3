using LLMEmbed.Core.Labelling;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

// What to label next: Core's SuggestionSelector over the stored unlabelled rows. Reading the segments and scoring
// run off the Orleans scheduler (as training does), so a large pool never holds up this tenant's other calls.
public sealed partial class TenantGrain
{
    private static readonly SuggestionOptions Suggestions = new();

    public async Task<SuggestionList> Suggest(int count, CancellationToken cancellationToken = default)
    {
        var state = Existing();
        if (count is < 1 or > SuggestionOptions.MaxCount)
            throw new InvalidRequestException($"count must be 1..{SuggestionOptions.MaxCount}, got {count}.", "count");
        // One snapshot of rows, labels and head: a row labelled meanwhile is left out from the next call on.
        var active = _active;
        var store = _store;
        var (suggestions, candidates) = await Task.Run(async () =>
        {
            var pool = await SuggestionPool.LoadAsync(store, state.SegmentCounts, Suggestions.MaxCandidates, Suggestions.Seed, cancellationToken);
            if (pool.Ids.Length == 0) return ([], 0);
            var picks = SuggestionSelector.Select(pool.Vectors, active?.Head, count, Suggestions);
            return (Describe(pool, picks, active, state), pool.Ids.Length);
        }, cancellationToken);
        return new SuggestionList(suggestions, active is null ? "spread" : "uncertainty", candidates, active?.Version ?? 0);
    }

    /// <summary>The picks as the caller sees them: before a head, score 0 and no predicted label (the contract's rule).</summary>
    private static Suggestion[] Describe(SuggestionPool pool, IReadOnlyList<SuggestionSelector.Suggestion> picks, ActiveHead? active, TenantState state)
    {
        if (active is null) return picks.Select(p => new Suggestion(pool.Ids[p.Index], pool.Texts[p.Index], 0, "")).ToArray();
        var probabilities = active.Head.PredictProbabilities(picks.Select(p => pool.Vectors[p.Index]).ToArray());
        return picks.Select((p, i) => new Suggestion(pool.Ids[p.Index], pool.Texts[p.Index], p.Score,
            state.Labels[active.ClassLabels[Array.IndexOf(probabilities[i], probabilities[i].Max())]].Name)).ToArray();
    }
}
