using LLMEmbed.Core.Heads.MultiLabel;

// Not Tests.Heads.MultiLabel: a Tests.Heads namespace would shadow LLMEmbed.Core.Heads in the other tests.
namespace LLMEmbed.Core.Tests.MultiLabel;

/// <summary>Seeded Gaussian rows whose labels are thresholds on single features, so the truth is known.</summary>
internal static class SyntheticMultiLabel
{
    /// <summary>
    /// Separable: label "a" when x0 &gt; 0.5, "b" when x1 &gt; 0.5, "c" when x2 &gt; 0.8; rows within 0.25 of a
    /// boundary are redrawn, so a margin separates every label. About a third of the rows carry no label.
    /// </summary>
    public static (float[][] Rows, string[][] Labels) Separable(int count, int dim, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<string[]>();
        double[] cuts = [0.5, 0.5, 0.8];
        string[] names = ["a", "b", "c"];
        while (rows.Count < count)
        {
            float[] x = [.. Enumerable.Range(0, dim).Select(_ => (float)(Gaussian(rng) + 2.0))];
            if (Enumerable.Range(0, 3).Any(l => Math.Abs(x[l] - 2.0 - cuts[l]) < 0.25)) continue;
            rows.Add(x);
            labels.Add([.. Enumerable.Range(0, 3).Where(l => x[l] - 2.0 > cuts[l]).Select(l => names[l])]);
        }
        return (rows.ToArray(), labels.ToArray());
    }

    /// <summary>
    /// One noisy, skewed label "skew": positive when x0 + 1.5 noise &gt; 2.2 (about 10% of rows), so a 0.5
    /// threshold predicts too few positives and its F1 optimum lies lower.
    /// </summary>
    public static (float[][] Rows, string[][] Labels) Skewed(int count, int dim, int seed)
    {
        var rng = new Random(seed);
        var rows = new float[count][];
        var labels = new string[count][];
        for (int r = 0; r < count; r++)
        {
            rows[r] = [.. Enumerable.Range(0, dim).Select(_ => (float)Gaussian(rng))];
            labels[r] = rows[r][0] + 1.5 * Gaussian(rng) > 2.2 ? ["skew"] : [];
        }
        return (rows, labels);
    }

    public static MultiLabelSet Set((float[][] Rows, string[][] Labels) data, IReadOnlyList<string>? labels = null) =>
        new(data.Rows, data.Labels, labels);

    /// <summary>Decided label sets of every row.</summary>
    public static string[][] Predict(MultiLabelHead head, float[][] rows)
    {
        float[] flat = [.. rows.SelectMany(r => r)];
        float[] probabilities = head.PredictProbabilities(flat, rows.Length);
        return [.. Enumerable.Range(0, rows.Length)
            .Select(r => head.LabelsOver(probabilities.AsSpan(r * head.LabelCount, head.LabelCount)).ToArray())];
    }

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
