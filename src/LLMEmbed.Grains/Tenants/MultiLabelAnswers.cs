using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Turns a multi-label head's per-label probabilities into answers: every label at or over its threshold, most probable
/// first (possibly none), and the label probabilities ranked. top_k caps both lists (0 = every label); retired labels are never answered.
/// </summary>
internal static class MultiLabelAnswers
{
    /// <param name="classLabels">For each head label, the task label key it stands for.</param>
    /// <param name="probabilities">Row-major [texts, head labels].</param>
    public static ClassifyResult[] Answer(int version, MultiLabelHead head, int[] classLabels, LabelInfo[] labels, float[] probabilities, int topK,
        FusedVectors fused, string task)
    {
        var count = head.LabelCount;
        var answered = Enumerable.Range(0, count).Where(c => !labels[classLabels[c]].Retired).ToArray();
        if (answered.Length == 0) throw new PreconditionFailedException($"Every label of task '{task}' head version {version} is retired; train again.");
        var take = topK == 0 ? answered.Length : Math.Min(topK, answered.Length);
        var results = new ClassifyResult[fused.Count];
        for (var r = 0; r < results.Length; r++)
        {
            var row = probabilities.AsSpan(r * count, count);
            var decided = head.Decide(row);
            var values = row.ToArray();
            var ranked = answered.OrderByDescending(c => values[c]).Take(take).ToArray();
            var chosen = ranked.Where(c => decided[c]).Select(c => labels[classLabels[c]].Name).ToArray();
            var top = ranked.Select(c => new LabelProbability(labels[classLabels[c]].Name, values[c])).ToArray();
            results[r] = new ClassifyResult(chosen.FirstOrDefault() ?? "", top, version, fused.Truncated[r], fused.Windows[r], Task: task, Chosen: chosen);
        }
        return results;
    }
}
