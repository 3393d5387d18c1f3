using System.Numerics.Tensors;

namespace LLMEmbed.Core.Scope;

/// <summary>
/// A bounded sample of a head's training rows, L2-normalised and kept as half floats, that says how alike a
/// new text is to what the head was trained on: the mean cosine to its <see cref="Neighbours"/> nearest rows.
/// Texts unlike any training row (another domain, gibberish) score low even when the head's softmax is sure.
/// Memory is rows x dimension x 2 bytes (1,024 x 420 = 860 KB for the default recipe); a score costs one pass over
/// the rows, so both stay fixed however many examples the tenant stores. Immutable and thread-safe.
/// </summary>
public sealed class ReferenceRows
{
    private readonly Half[] _rows;
    private readonly float[]? _centre;

    /// <param name="centre">Subtracted from every vector before the cosine (the training rows' mean), or null for raw cosine.</param>
    public ReferenceRows(Half[] rowMajor, int dimension, int neighbours, float[]? centre = null)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        if (rowMajor.Length == 0 || rowMajor.Length % dimension != 0)
            throw new ArgumentException($"{rowMajor.Length} values are not a whole number (at least one) of {dimension}-wide rows.", nameof(rowMajor));
        if (centre is not null && centre.Length != dimension) throw new ArgumentException($"The centre has {centre.Length} values for {dimension}-wide rows.", nameof(centre));
        _rows = rowMajor;
        _centre = centre;
        Dimension = dimension;
        Count = rowMajor.Length / dimension;
        Neighbours = Math.Min(neighbours, Count);
    }

    public int Dimension { get; }
    public int Count { get; }
    public int Neighbours { get; }
    internal ReadOnlySpan<Half> Values => _rows;
    /// <summary>The mean subtracted before every cosine; null when scores are raw cosines.</summary>
    public IReadOnlyList<float>? Centre => _centre;

    /// <summary>
    /// At most <paramref name="cap"/> of <paramref name="rows"/>, a seeded sample spread evenly over the labels
    /// (each label gets its share before larger ones take what smaller ones leave), so a small label stays in scope.
    /// </summary>
    /// <param name="centred">
    /// Cosines between vectors centred on the mean of <paramref name="rows"/>: fused vectors share a large common
    /// direction (raw pairwise cosines around 0.9), which centring removes, so what is left is what tells texts apart.
    /// </param>
    public static ReferenceRows Select(IReadOnlyList<float[]> rows, IReadOnlyList<string> labels, int cap, int neighbours, int seed, bool centred = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        if (rows.Count == 0) throw new ArgumentException("Reference rows need at least one training row.", nameof(rows));
        if (labels.Count != rows.Count) throw new ArgumentException($"{rows.Count} rows but {labels.Count} labels.", nameof(labels));
        var random = new Random(seed);
        var groups = Enumerable.Range(0, rows.Count).GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(_ => random.Next()).ToArray()).ToArray();
        var chosen = new List<int>(Math.Min(cap, rows.Count));
        var left = Math.Min(cap, rows.Count);
        for (var g = 0; g < groups.Length; g++)
        {
            var share = Math.Min(groups[g].Length, left / (groups.Length - g));
            chosen.AddRange(groups[g].Take(share));
            left -= share;
        }
        chosen.Sort();
        var dimension = rows[0].Length;
        float[]? centre = null;
        if (centred)
        {
            centre = new float[dimension];
            foreach (var row in rows) TensorPrimitives.Add(centre, row, centre);
            TensorPrimitives.Divide(centre, rows.Count, centre);
        }
        var values = new Half[chosen.Count * dimension];
        var shifted = new float[dimension];
        for (var r = 0; r < chosen.Count; r++)
        {
            Shift(rows[chosen[r]], centre, shifted);
            Normalise(shifted, values.AsSpan(r * dimension, dimension));
        }
        return new ReferenceRows(values, dimension, neighbours, centre);
    }

    /// <summary>Mean cosine between <paramref name="vector"/> (any length) and its <see cref="Neighbours"/> nearest rows; -1..1.</summary>
    public double Score(ReadOnlySpan<float> vector) => Score(vector, skip: -1);

    /// <summary>Each kept row's score against the others (itself left out): in-scope scores when no holdout exists.</summary>
    public double[] LeaveOneOutScores()
    {
        if (Count < 2) return [];
        var scores = new double[Count];
        var row = new float[Dimension];
        for (var r = 0; r < Count; r++)
        {
            TensorPrimitives.ConvertToSingle(_rows.AsSpan(r * Dimension, Dimension), row);
            scores[r] = ScoreCentred(row, skip: r); // kept rows are already centred
        }
        return scores;
    }

    private double Score(ReadOnlySpan<float> vector, int skip)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"Reference rows are {Dimension} wide, the vector {vector.Length}.", nameof(vector));
        if (_centre is null) return ScoreCentred(vector, skip);
        Span<float> shifted = Dimension <= 4096 ? stackalloc float[Dimension] : new float[Dimension];
        Shift(vector, _centre, shifted);
        return ScoreCentred(shifted, skip);
    }

    private static void Shift(ReadOnlySpan<float> vector, float[]? centre, Span<float> destination)
    {
        if (centre is null) vector.CopyTo(destination);
        else TensorPrimitives.Subtract(vector, centre, destination);
    }

    private double ScoreCentred(ReadOnlySpan<float> vector, int skip)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0) || !float.IsFinite(norm)) return -1;
        var k = Math.Min(Neighbours, skip >= 0 ? Count - 1 : Count);
        // The k best cosines so far, smallest first: k is small (default 5), so insertion beats a heap.
        Span<float> best = stackalloc float[k];
        best.Fill(float.NegativeInfinity);
        Span<float> row = stackalloc float[Dimension];
        for (var r = 0; r < Count; r++)
        {
            if (r == skip) continue;
            TensorPrimitives.ConvertToSingle(_rows.AsSpan(r * Dimension, Dimension), row);
            var cosine = TensorPrimitives.Dot(vector, row) / norm;
            if (cosine <= best[0]) continue;
            var i = 0;
            while (i + 1 < k && best[i + 1] < cosine) { best[i] = best[i + 1]; i++; }
            best[i] = cosine;
        }
        return TensorPrimitives.Sum(best) / k;
    }

    private static void Normalise(ReadOnlySpan<float> row, Span<Half> destination)
    {
        var norm = TensorPrimitives.Norm(row);
        var scale = norm > 0 && float.IsFinite(norm) ? 1 / norm : 0;
        for (var i = 0; i < row.Length; i++) destination[i] = (Half)(row[i] * scale);
    }
}
