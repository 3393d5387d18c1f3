namespace LLMEmbed.Core.Heads;

/// <summary>
/// Labelled feature vectors for head training. Holds either one row-major array or the caller's
/// rows without copying them (a 50k x 4k set is 800 MB), so callers must not mutate them afterwards.
/// </summary>
public sealed class TrainingSet
{
    private readonly float[]? _flat;
    private readonly IReadOnlyList<float[]>? _rows;
    private readonly string[] _labels;

    /// <summary>Row-major features: row i is features[i*dimension .. (i+1)*dimension).</summary>
    public TrainingSet(float[] features, int dimension, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (features.Length % dimension != 0)
            throw new ArgumentException($"features has {features.Length} values, not a multiple of dimension {dimension}.", nameof(features));
        if (features.Length / dimension != labels.Count)
            throw new ArgumentException($"features has {features.Length / dimension} rows but there are {labels.Count} labels.", nameof(labels));
        _flat = features;
        Dimension = dimension;
        Count = labels.Count;
        _labels = CheckLabels(labels);
        CheckFinite();
    }

    /// <summary>One array per example; all of the same length.</summary>
    public TrainingSet(IReadOnlyList<float[]> rows, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count != labels.Count)
            throw new ArgumentException($"There are {rows.Count} rows but {labels.Count} labels.", nameof(labels));
        if (rows.Count == 0)
            throw new ArgumentException("A training set needs at least one example.", nameof(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null)
                throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (rows[i].Length != rows[0].Length || rows[i].Length == 0)
                throw new ArgumentException($"Row {i} has {rows[i].Length} values; row 0 has {rows[0].Length} (all rows need the same non-zero width).", nameof(rows));
        }
        _rows = rows;
        Dimension = rows[0].Length;
        Count = rows.Count;
        _labels = CheckLabels(labels);
        CheckFinite();
    }

    public int Count { get; }
    public int Dimension { get; }
    public IReadOnlyList<string> Labels => _labels;

    public ReadOnlySpan<float> Row(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Row index must be in 0..{Count - 1}.");
        return _flat is not null ? _flat.AsSpan(index * Dimension, Dimension) : _rows![index];
    }

    /// <summary>A set made of the given rows of this one (copied).</summary>
    public TrainingSet Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var features = new float[indices.Count * Dimension];
        var labels = new string[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Row(indices[i]).CopyTo(features.AsSpan(i * Dimension));
            labels[i] = _labels[indices[i]];
        }
        return new TrainingSet(features, Dimension, labels);
    }

    private static string[] CheckLabels(IReadOnlyList<string> labels)
    {
        var copy = labels.ToArray();
        for (int i = 0; i < copy.Length; i++)
            if (string.IsNullOrEmpty(copy[i]))
                throw new ArgumentException($"Label {i} is null or empty.", nameof(labels));
        return copy;
    }

    private void CheckFinite()
    {
        if (Count == 0)
            throw new ArgumentException("A training set needs at least one example.");
        for (int r = 0; r < Count; r++)
        {
            ReadOnlySpan<float> row = Row(r);
            // A sum is non-finite whenever a value is; only then look for the culprit (the sum may also just overflow).
            if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(row)))
                continue;
            for (int c = 0; c < row.Length; c++)
                if (!float.IsFinite(row[c]))
                    throw new ArgumentException($"Feature row {r}, column {c} is {row[c]}; features must be finite.");
        }
    }
}
