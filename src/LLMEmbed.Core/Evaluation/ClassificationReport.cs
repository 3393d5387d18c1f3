using System.Globalization;
using System.Text;

namespace LLMEmbed.Core.Evaluation;

/// <summary>Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of one evaluation.</summary>
public sealed class ClassificationReport
{
    private ClassificationReport(string[] labels, int[][] confusion, ClassMetrics[] perClass, int count,
        double accuracy, double macroPrecision, double macroRecall, double macroF1, double weightedF1)
    {
        Labels = labels;
        Confusion = confusion;
        PerClass = perClass;
        Count = count;
        Accuracy = accuracy;
        MacroPrecision = macroPrecision;
        MacroRecall = macroRecall;
        MacroF1 = macroF1;
        WeightedF1 = weightedF1;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Confusion[truth][predicted] counts, indexed like <see cref="Labels"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix => Confusion;

    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Number of evaluated examples.</summary>
    public int Count { get; }

    public double Accuracy { get; }

    /// <summary>
    /// Unweighted means over the classes that occur in the truth or the predictions
    /// (a label that appears in neither has no defined score and is left out, as scikit-learn does).
    /// </summary>
    public double MacroPrecision { get; }
    public double MacroRecall { get; }
    public double MacroF1 { get; }

    /// <summary>Mean F1 weighted by support.</summary>
    public double WeightedF1 { get; }

    private int[][] Confusion { get; }

    /// <summary>Scores predictions given as indices into <paramref name="labels"/>.</summary>
    public static ClassificationReport Compute(IReadOnlyList<string> labels, IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (labels.Count == 0)
            throw new ArgumentException("At least one label is required.", nameof(labels));
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"truth has {truth.Count} entries but predicted has {predicted.Count}.", nameof(predicted));
        if (truth.Count == 0)
            throw new ArgumentException("Cannot score an empty evaluation set.", nameof(truth));

        int c = labels.Count;
        var confusion = new int[c][];
        for (int i = 0; i < c; i++)
            confusion[i] = new int[c];
        int correct = 0;
        for (int n = 0; n < truth.Count; n++)
        {
            int t = truth[n], p = predicted[n];
            if ((uint)t >= (uint)c)
                throw new ArgumentOutOfRangeException(nameof(truth), t, $"truth[{n}] = {t} is not a label index (0..{c - 1}).");
            if ((uint)p >= (uint)c)
                throw new ArgumentOutOfRangeException(nameof(predicted), p, $"predicted[{n}] = {p} is not a label index (0..{c - 1}).");
            confusion[t][p]++;
            if (t == p)
                correct++;
        }

        var perClass = new ClassMetrics[c];
        double sumP = 0, sumR = 0, sumF1 = 0, weightedF1 = 0;
        int scored = 0;
        for (int k = 0; k < c; k++)
        {
            int tp = confusion[k][k];
            int support = 0, predictedCount = 0;
            for (int j = 0; j < c; j++)
            {
                support += confusion[k][j];
                predictedCount += confusion[j][k];
            }
            double precision = predictedCount == 0 ? 0 : (double)tp / predictedCount;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[k] = new ClassMetrics(labels[k], precision, recall, f1, support, predictedCount);
            weightedF1 += f1 * support;
            if (support > 0 || predictedCount > 0)
            {
                sumP += precision;
                sumR += recall;
                sumF1 += f1;
                scored++;
            }
        }

        int count = truth.Count;
        return new ClassificationReport(labels.ToArray(), confusion, perClass, count,
            (double)correct / count, sumP / scored, sumR / scored, sumF1 / scored, weightedF1 / count);
    }

    /// <summary>Scores predictions given as label strings; the label set is their sorted union.</summary>
    public static ClassificationReport Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var labels = truth.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        return Compute(labels, truth.Select(l => index[l]).ToArray(), predicted.Select(l => index[l]).ToArray());
    }

    /// <summary>A fixed-width text table (per-class rows, then the summary).</summary>
    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        int width = Math.Max(9, Labels.Max(l => l.Length));
        var sb = new StringBuilder();
        sb.Append(culture, $"{"label".PadRight(width)}  precision  recall  f1      support\n");
        foreach (var m in PerClass)
            sb.Append(culture, $"{m.Label.PadRight(width)}  {m.Precision,9:F4}  {m.Recall,6:F4}  {m.F1,6:F4}  {m.Support,7}\n");
        sb.Append(culture, $"accuracy {Accuracy:F4}  macro-F1 {MacroF1:F4}  weighted-F1 {WeightedF1:F4}  n={Count}\n");
        return sb.ToString();
    }
}
