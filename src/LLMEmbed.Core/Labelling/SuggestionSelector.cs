using System.Numerics.Tensors;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Labelling;

/// <summary>
/// Which unlabelled rows are most worth labelling next. With a head: the most uncertain rows first
/// (<see cref="UncertaintyMeasure"/>), skipping any row whose cosine to an earlier pick is above the bound, so
/// near-duplicates don't fill the list. Without a head: k-means++ seeding over the vectors (seeded), so the
/// first labels spread over the space. Indices returned are into <c>candidates</c>; the caller passes only
/// unlabelled rows (and may exclude more), so a labelled row can never come back.
/// </summary>
public static class SuggestionSelector
{
    /// <summary>One pick: its index among the candidates and its score (uncertainty, or k-means++ distance).</summary>
    public readonly record struct Suggestion(int Index, float Score);

    /// <param name="exclude">Candidate indices never to return (e.g. rows labelled since the list was built).</param>
    public static IReadOnlyList<Suggestion> Select(IReadOnlyList<float[]> candidates, Head? head, int count, SuggestionOptions options,
        IReadOnlySet<int>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (count <= 0 || count > SuggestionOptions.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Ask for 1 to {SuggestionOptions.MaxCount} suggestions.");
        if (candidates.Count == 0) return [];
        int dim = candidates[0].Length;
        for (int i = 0; i < candidates.Count; i++)
            if (candidates[i] is null || candidates[i].Length != dim)
                throw new ArgumentException($"Candidate {i} is not a {dim}-wide vector.", nameof(candidates));

        int[] pool = SamplePool(Enumerable.Range(0, candidates.Count).Where(i => exclude is null || !exclude.Contains(i)).ToArray(),
            options.MaxCandidates, options.Seed);
        if (pool.Length == 0) return [];
        float[][] unit = CentredUnit(pool.Select(i => candidates[i]).ToArray());
        var picks = head is null
            ? KMeansPlusPlus(unit, count, options)
            : ByUncertainty(pool.Select(i => candidates[i]).ToArray(), unit, head, count, options);
        return picks.Select(p => p with { Index = pool[p.Index] }).ToArray();
    }

    /// <summary>Uncertainty of one probability vector; larger = more worth labelling.</summary>
    public static float Uncertainty(ReadOnlySpan<float> probabilities, UncertaintyMeasure measure)
    {
        if (measure == UncertaintyMeasure.Entropy)
        {
            double h = 0;
            foreach (float p in probabilities) if (p > 0) h -= p * Math.Log(p);
            return (float)h;
        }
        float p1 = float.NegativeInfinity, p2 = float.NegativeInfinity;
        foreach (float p in probabilities)
        {
            if (p > p1) { p2 = p1; p1 = p; }
            else if (p > p2) p2 = p;
        }
        // Score 1 - margin so that larger is always more uncertain.
        return 1f - (p1 - p2);
    }

    /// <summary>
    /// The <see cref="SuggestionOptions.UncertainPoolFactor"/> x n most uncertain rows, then k-means++ among them
    /// starting from the most uncertain: pure top-n uncertainty measured below random picks on IMDB (it keeps
    /// asking about one confusing region), spreading the picks over the uncertain rows fixed that.
    /// </summary>
    private static List<Suggestion> ByUncertainty(float[][] raw, float[][] unit, Head head, int count, SuggestionOptions options)
    {
        float[][] probabilities = head.PredictProbabilities(raw);
        var scores = probabilities.Select(p => Uncertainty(p, options.Measure)).ToArray();
        if (options.DensityNeighbours > 0) WeightByDensity(unit, scores, options);
        int explore = (int)Math.Round(count * options.ExplorationShare);
        if (explore > 0) return Explored(unit, scores, count, explore, options);
        // Ties (equal scores) break by index, so the order is deterministic.
        int[] order = Enumerable.Range(0, raw.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        if (options.UncertainPoolFactor == 1) return Greedy(order, unit, scores, count, options.MaxCosine);
        int[] top = order[..Math.Min(order.Length, Math.Max(count, count * options.UncertainPoolFactor))];
        var picks = KMeansPlusPlus(top.Select(i => unit[i]).ToArray(), count, options, first: 0);
        // Spread picks, shown most uncertain first.
        return picks.Select(p => new Suggestion(top[p.Index], scores[top[p.Index]])).OrderByDescending(p => p.Score).ThenBy(p => p.Index).ToList();
    }

    /// <summary>
    /// count - explore most uncertain rows (diversity bound kept), then explore rows drawn at random from the rest,
    /// also kept apart from every pick by the bound.
    /// </summary>
    private static List<Suggestion> Explored(float[][] unit, float[] scores, int count, int explore, SuggestionOptions options)
    {
        int[] order = Enumerable.Range(0, unit.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var picks = Greedy(order, unit, scores, count - explore, options.MaxCosine);
        var taken = new HashSet<int>(picks.Select(p => p.Index));
        int[] shuffled = order.Where(i => !taken.Contains(i)).ToArray();
        new SeededRandom(SeededRandom.Mix((ulong)options.Seed, 0x6578706C)).Shuffle(shuffled.AsSpan());
        foreach (int i in shuffled)
        {
            if (picks.Count == count) break;
            if (!TooClose(unit, picks, i, options.MaxCosine)) picks.Add(new Suggestion(i, scores[i]));
        }
        return picks;
    }

    /// <summary>Most uncertain first, skipping rows within the bound of an earlier pick.</summary>
    private static List<Suggestion> Greedy(int[] order, float[][] unit, float[] scores, int count, float maxCosine)
    {
        var picks = new List<Suggestion>(count);
        foreach (int i in order)
        {
            if (picks.Count == count) break;
            if (!TooClose(unit, picks, i, maxCosine)) picks.Add(new Suggestion(i, scores[i]));
        }
        return picks;
    }

    /// <summary>
    /// k-means++ seeding on cosine distance: the first pick at random, each next one drawn with probability
    /// proportional to its squared distance to the nearest pick so far; the diversity bound still holds.
    /// </summary>
    private static List<Suggestion> KMeansPlusPlus(float[][] unit, int count, SuggestionOptions options, int first = -1)
    {
        var random = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, 0x6B6D));
        var nearest = new double[unit.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        var picks = new List<Suggestion>(count);
        int next = first >= 0 ? first : random.NextInt(unit.Length);
        double nextScore = 1;
        while (next >= 0 && picks.Count < count)
        {
            picks.Add(new Suggestion(next, (float)nextScore));
            for (int i = 0; i < unit.Length; i++)
            {
                double d = 1.0 - TensorPrimitives.Dot(unit[i], unit[next]);
                // A row within the bound of a pick can never be picked: weight zero.
                if (1.0 - d > options.MaxCosine) d = 0;
                nearest[i] = Math.Min(nearest[i], Math.Max(0, d) * Math.Max(0, d));
            }
            double total = nearest.Sum();
            next = -1;
            if (total <= 0) break;
            double target = random.NextDouble() * total;
            for (int i = 0; i < unit.Length; i++)
            {
                target -= nearest[i];
                if (nearest[i] > 0 && target <= 0) { next = i; break; }
            }
            if (next < 0) next = Array.FindLastIndex(nearest, v => v > 0);
            nextScore = next >= 0 ? nearest[next] : 0;
        }
        return picks;
    }

    /// <summary>scores[i] x mean cosine of row i to its k nearest rows in a seeded sample of the pool (itself left out).</summary>
    internal static void WeightByDensity(float[][] unit, float[] scores, SuggestionOptions options)
    {
        int[] reference = SamplePool(Enumerable.Range(0, unit.Length).ToArray(), options.DensitySample, options.Seed ^ 0x64656E);
        int k = Math.Min(options.DensityNeighbours, Math.Max(1, reference.Length - 1));
        var nearest = new float[reference.Length];
        for (int i = 0; i < unit.Length; i++)
        {
            int n = 0;
            foreach (int j in reference)
                if (j != i) nearest[n++] = TensorPrimitives.Dot(unit[i], unit[j]);
            if (n == 0) continue;
            var row = nearest.AsSpan(0, n);
            row.Sort();
            scores[i] *= Math.Max(0f, TensorPrimitives.Sum(row[^Math.Min(k, n)..]) / Math.Min(k, n));
        }
    }

    private static bool TooClose(float[][] unit, List<Suggestion> picks, int i, float maxCosine)
    {
        foreach (var p in picks)
            if (TensorPrimitives.Dot(unit[i], unit[p.Index]) > maxCosine) return true;
        return false;
    }

    private static int[] SamplePool(int[] all, int max, int seed)
    {
        if (all.Length <= max) return all;
        new SeededRandom(SeededRandom.Mix((ulong)seed, 0x706F6F6C)).Shuffle(all.AsSpan());
        int[] sample = all[..max];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>
    /// The rows centred on their mean, then L2-normalised: the space the diversity bound and the spread are measured in.
    /// Fused vectors share a large common direction (IMDB on the default recipe: median pairwise cosine 0.90, half of
    /// all pairs above 0.9), so raw cosine would call most pairs near-duplicates and push picks to the outliers;
    /// centred, only real near-duplicates stay close (0.01% of pairs above 0.9).
    /// </summary>
    public static float[][] CentredUnit(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        var mean = new float[rows[0].Length];
        foreach (var row in rows) TensorPrimitives.Add(mean, row, mean);
        TensorPrimitives.Divide(mean, rows.Count, mean);
        return rows.Select(row =>
        {
            var centred = new float[row.Length];
            TensorPrimitives.Subtract(row, mean, centred);
            return Normalized(centred);
        }).ToArray();
    }

    private static float[] Normalized(float[] v)
    {
        float norm = TensorPrimitives.Norm(v);
        var result = new float[v.Length];
        if (norm > 0) TensorPrimitives.Divide(v, norm, result);
        return result;
    }
}
