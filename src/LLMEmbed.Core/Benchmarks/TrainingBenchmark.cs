using System.Diagnostics;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// Part 3 of the bench (src/LLMEmbed.Bench): head training cost on real fused vectors. When fewer real vectors
/// exist than asked for, rows are resampled with a small seeded jitter (stated in the output) so
/// the sizes 10k/50k can be measured without embedding 50k texts first.
/// </summary>
public static class TrainingBenchmark
{
    public sealed record Result(string Name, int Rows, int Dim, double Seconds, int Epochs, double ValidationAccuracy);

    public static TrainingSet Resample(IReadOnlyList<float[]> rows, IReadOnlyList<string> labels, int count, int seed)
    {
        var dim = rows[0].Length;
        var random = new SeededRandom(unchecked((ulong)seed));
        var features = new float[count * dim];
        var outLabels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var source = i < rows.Count ? i : random.NextInt(rows.Count);
            var row = rows[source];
            for (var d = 0; d < dim; d++)
                features[i * dim + d] = i < rows.Count ? row[d] : row[d] * (1f + 0.02f * (float)(random.NextDouble() - 0.5));
            outLabels[i] = labels[source];
        }
        return new TrainingSet(features, dim, outLabels);
    }

    public static (Result Result, Head Head) Full(string name, TrainingSet data, HeadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = HeadTrainer.Train(data, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var best = result.History.Count == 0 ? 0 : result.History.Max(h => h.ValidationAccuracy);
        return (new Result(name, data.Count, data.Dimension, seconds, result.History.Count, best), result.Head);
    }

    /// <summary>Median of several incremental updates with <paramref name="newRows"/> new examples each.</summary>
    public static Result Incremental(Head head, TrainingSet pool, int newRows, HeadOptions options, int repeats = 5)
    {
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var fresh = pool.Subset(Enumerable.Range(r * newRows % Math.Max(1, pool.Count - newRows), newRows).ToArray());
            var clock = Stopwatch.StartNew();
            HeadTrainer.Update(head, fresh, pool, options);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return new Result($"incremental +{newRows}", newRows, pool.Dimension, times[times.Count / 2], options.IncrementalEpochs, double.NaN);
    }
}
