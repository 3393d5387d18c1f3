using LLMEmbed.Core.ZeroShot;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

// Cold start from label descriptions: a description is embedded once, through the tenant's own backbone pass, and kept
// as one vector in the recipe's zero-shot view (Core.ZeroShot.ZeroShotView: the primary backbone's deepest tap); classify answers by similarity to those vectors until examples suffice.
public sealed partial class TenantGrain
{
    /// <summary>
    /// Sets (or, with null or blank, clears) a label's description. Unknown label: NotFound; a retired label may be
    /// described (as it may be renamed), its description counting again once it is brought back.
    /// </summary>
    public async Task<LabelInfo[]> DescribeLabel(string label, string? description, CancellationToken cancellationToken = default)
    {
        var state = Existing();
        var index = label is null ? -1 : LabelRules.IndexOf(state.Labels, label);
        if (index < 0) throw new NotFoundException($"label '{label}' does not exist.");
        var sentences = DescriptionRules.Sentences(description);
        float[]? vector = null;
        if (sentences.Length > 0)
        {
            var rows = new List<float[]>();
            foreach (var chunk in sentences.Chunk(Info(state).TextsPerGrainCall))
            {
                var fused = await FuseAsync(chunk, truncate: true, cancellationToken, zeroShot: true);
                for (var r = 0; r < fused.Count; r++) rows.Add(fused.ZeroShotRow(r).ToArray());
            }
            vector = ZeroShotScorer.MeanDirection(rows);
        }

        // Other calls (imports) may have committed while the backbones ran: change the state as it is now.
        var current = Existing();
        var labels = (LabelInfo[])current.Labels.Clone();
        labels[index] = labels[index] with { Description = vector is null ? null : description!.Trim() };
        var vectors = current.DescriptionVectors.Where(v => v.Label != index).ToList();
        if (vector is not null) vectors.Add(new DescriptionVector(index, vector));
        await Commit(current with { Labels = labels, DescriptionVectors = [.. vectors.OrderBy(v => v.Label)] });
        return LabelRules.Describe(labels, includeRetired: false);
    }

    public async Task<TenantInfo> ChangeZeroShotBelow(int zeroShotBelow)
    {
        var state = Existing();
        SettingsRules.CheckZeroShotBelow(zeroShotBelow);
        var next = state with { Settings = state.RequiredSettings with { ZeroShotBelow = zeroShotBelow } };
        await Commit(next);
        return Info(next);
    }

    /// <summary>
    /// Zero-shot answers when at least two active labels are described and either no head is active or some
    /// described active label has fewer than <see cref="TenantSettings.ZeroShotBelowOrDefault"/> stored examples.
    /// </summary>
    private bool ZeroShotApplies(TenantState state)
    {
        var described = DescribedActive(state);
        if (described.Length < 2) return false;
        var below = state.RequiredSettings.ZeroShotBelowOrDefault;
        return _active is null || described.Any(v => state.Labels[v.Label].Examples < below);
    }

    private ClassifyResult[] ZeroShotAnswers(TenantState state, string[] texts, FusedVectors fused, int topK)
    {
        var described = DescribedActive(state);
        var scorer = ZeroShotScorer.Create(described.ToDictionary(v => state.Labels[v.Label].Name, v => (IReadOnlyList<float[]>)[v.Vector]));
        var take = topK == 0 ? described.Length : Math.Min(topK, described.Length);
        var results = new ClassifyResult[fused.Count];
        for (var r = 0; r < results.Length; r++)
        {
            var probabilities = scorer.Probabilities(fused.ZeroShotRow(r));
            var top = Enumerable.Range(0, probabilities.Length).OrderByDescending(l => probabilities[l])
                .Take(take).Select(l => new LabelProbability(scorer.Labels[l], probabilities[l])).ToArray();
            results[r] = new ClassifyResult(top[0].Label, top, HeadVersion: 0, fused.Truncated[r], fused.Windows[r], Source: ClassifySource.ZeroShot);
        }
        return Retain(texts, fused, results); // cold-start answers can be corrected too: that is how a new tenant gets its first examples
    }

    private static DescriptionVector[] DescribedActive(TenantState state) =>
        state.DescriptionVectors.Where(v => v.Label < state.Labels.Length && !state.Labels[v.Label].Retired).ToArray();
}
