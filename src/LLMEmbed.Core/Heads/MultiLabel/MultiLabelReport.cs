namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Multi-label scores. Micro precision / recall / F1 pool every (row, label) decision; macro-F1 is the unweighted
/// mean of per-label F1 over the labels that occur in the truth or the predictions (a label in neither has no
/// defined score and is left out, as <see cref="Evaluation.ClassificationReport"/> does); exact match is the share of
/// rows whose predicted set equals their true set (two empty sets match).
/// </summary>
public sealed record MultiLabelReport(double MicroF1, double MacroF1, double ExactMatch, double MicroPrecision, double MicroRecall,
    IReadOnlyList<LabelScore> PerLabel, int Rows)
{
    public static MultiLabelReport Compute(IReadOnlyList<IReadOnlyCollection<string>> truth, IReadOnlyList<IReadOnlyCollection<string>> predicted,
        IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
            throw new ArgumentException("At least one label is required.", nameof(labels));
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"truth has {truth.Count} rows but predicted has {predicted.Count}.", nameof(predicted));
        if (truth.Count == 0)
            throw new ArgumentException("Cannot score an empty evaluation set.", nameof(truth));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
            if (!index.TryAdd(labels[i], i))
                throw new ArgumentException($"labels names '{labels[i]}' more than once.", nameof(labels));

        int count = labels.Count;
        var truePositives = new int[count];
        var support = new int[count];
        var predictedCount = new int[count];
        int exact = 0;
        for (int r = 0; r < truth.Count; r++)
        {
            HashSet<int> t = Indices(truth[r], index, nameof(truth), r);
            HashSet<int> p = Indices(predicted[r], index, nameof(predicted), r);
            foreach (int l in t) support[l]++;
            foreach (int l in p)
            {
                predictedCount[l]++;
                if (t.Contains(l)) truePositives[l]++;
            }
            if (t.SetEquals(p)) exact++;
        }

        var perLabel = new LabelScore[count];
        double macroSum = 0;
        int macroLabels = 0;
        for (int l = 0; l < count; l++)
        {
            double precision = predictedCount[l] == 0 ? 0 : (double)truePositives[l] / predictedCount[l];
            double recall = support[l] == 0 ? 0 : (double)truePositives[l] / support[l];
            double f1 = F1(truePositives[l], predictedCount[l], support[l]);
            perLabel[l] = new LabelScore(labels[l], precision, recall, f1, support[l], predictedCount[l]);
            if (support[l] + predictedCount[l] > 0)
            {
                macroSum += f1;
                macroLabels++;
            }
        }
        long tp = truePositives.Sum(v => (long)v), pred = predictedCount.Sum(v => (long)v), sup = support.Sum(v => (long)v);
        double microPrecision = pred == 0 ? 0 : (double)tp / pred;
        double microRecall = sup == 0 ? 0 : (double)tp / sup;
        double microF1 = pred + sup == 0 ? 0 : 2.0 * tp / (pred + sup);
        return new MultiLabelReport(microF1, macroLabels == 0 ? 0 : macroSum / macroLabels, (double)exact / truth.Count,
            microPrecision, microRecall, perLabel, truth.Count);
    }

    /// <summary>F1 = 2 TP / (predicted + support), 0 when both are 0.</summary>
    private static double F1(long truePositives, long predicted, long support) =>
        predicted + support == 0 ? 0 : 2.0 * truePositives / (predicted + support);

    private static HashSet<int> Indices(IReadOnlyCollection<string> row, Dictionary<string, int> index, string field, int r)
    {
        if (row is null)
            throw new ArgumentException($"{field}[{r}] is null; use an empty collection for no label.", field);
        var set = new HashSet<int>();
        foreach (string label in row)
        {
            if (label is null || !index.TryGetValue(label, out int i))
                throw new ArgumentException($"{field}[{r}] names '{label}', which is not in labels.", field);
            set.Add(i);
        }
        return set;
    }
}
