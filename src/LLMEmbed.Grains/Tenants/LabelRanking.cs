using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Turns a head's class probabilities into answers: labels retired since the head was trained are
/// never answered, the rest are ranked by probability (ties keep the head's class order).
/// </summary>
public static class LabelRanking
{
    /// <param name="classLabels">For each head class, the tenant label it stands for (its position in <paramref name="labels"/>).</param>
    /// <param name="probabilities">Row-major [texts, classes].</param>
    /// <param name="topK">Labels returned per text; 0 = every label that is not retired.</param>
    public static ClassifyResult[] Rank(IReadOnlyList<int> classLabels, IReadOnlyList<LabelInfo> labels, float[] probabilities,
        int topK, int headVersion, IReadOnlyList<bool> truncated)
    {
        ArgumentNullException.ThrowIfNull(classLabels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        var classes = classLabels.Count;
        var answered = Enumerable.Range(0, classes).Where(c => !labels[classLabels[c]].Retired).ToArray();
        if (answered.Length == 0) throw new PreconditionFailedException($"Every label of head version {headVersion} is retired; train again.");
        var take = topK == 0 ? answered.Length : Math.Min(topK, answered.Length);
        var results = new ClassifyResult[truncated.Count];
        for (var r = 0; r < results.Length; r++)
        {
            var row = r * classes;
            var ranked = answered.OrderByDescending(c => probabilities[row + c]).ToArray();
            var top = ranked.Take(take).Select(c => new LabelProbability(labels[classLabels[c]].Name, probabilities[row + c])).ToArray();
            results[r] = new ClassifyResult(top[0].Label, top, headVersion, truncated[r]);
        }
        return results;
    }
}
