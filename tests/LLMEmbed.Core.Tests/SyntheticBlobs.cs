using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

/// <summary>Seeded Gaussian blobs: well-separated class centres with unit-variance noise.</summary>
internal static class SyntheticBlobs
{
    public static (float[][] Rows, string[] Labels) Generate(int classes, int perClass, int dim, double separation, int seed, int centreSeed = 1000)
    {
        var centreRng = new Random(centreSeed);
        var centres = Enumerable.Range(0, classes)
            .Select(_ => Enumerable.Range(0, dim).Select(_ => (centreRng.NextDouble() * 2 - 1) * separation).ToArray())
            .ToArray();
        var rng = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<string>();
        for (int i = 0; i < perClass; i++)
            for (int c = 0; c < classes; c++)
            {
                rows.Add(centres[c].Select(m => (float)(m + Gaussian(rng) + 3.0)).ToArray());
                labels.Add($"class{c}");
            }
        return (rows.ToArray(), labels.ToArray());
    }

    public static TrainingSet Set(int classes, int perClass, int dim, double separation, int seed, int centreSeed = 1000)
    {
        var (rows, labels) = Generate(classes, perClass, dim, separation, seed, centreSeed);
        return new TrainingSet(rows, labels);
    }

    public static double Accuracy(Head head, float[][] rows, string[] labels)
    {
        int[] predicted = head.Predict(rows);
        return predicted.Where((p, i) => head.Labels[p] == labels[i]).Count() / (double)rows.Length;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
