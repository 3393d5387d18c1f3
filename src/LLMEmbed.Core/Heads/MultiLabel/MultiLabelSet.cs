namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>
/// Feature rows plus, per row, the set of labels it carries. An empty set means "none of these": the row is a
/// negative for every label. Rows are copied into one contiguous matrix, so the set is immutable.
/// </summary>
public sealed class MultiLabelSet
{
    private readonly float[] _features;
    private readonly int[][] _rowLabels;
    private readonly string[] _labels;

    /// <param name="rows">Feature vectors, all of one positive length.</param>
    /// <param name="rowLabels">Per row, the labels it carries (duplicates are ignored; empty = none).</param>
    /// <param name="labels">Label order; default: the ordinal order of every label seen. A row label not in it throws.</param>
    public MultiLabelSet(IReadOnlyList<float[]> rows, IReadOnlyList<IReadOnlyList<string>> rowLabels, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (rows.Count == 0)
            throw new ArgumentException("A multi-label set needs at least one row.", nameof(rows));
        if (rows.Count != rowLabels.Count)
            throw new ArgumentException($"rows has {rows.Count} entries but rowLabels has {rowLabels.Count}.", nameof(rowLabels));
        for (int r = 0; r < rowLabels.Count; r++)
        {
            if (rowLabels[r] is null)
                throw new ArgumentException($"rowLabels[{r}] is null; use an empty list for a row with no label.", nameof(rowLabels));
            foreach (string label in rowLabels[r])
                if (string.IsNullOrWhiteSpace(label))
                    throw new ArgumentException($"rowLabels[{r}] contains an empty label.", nameof(rowLabels));
        }

        if (labels is null)
            _labels = [.. rowLabels.SelectMany(l => l).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        else
        {
            _labels = [.. labels];
            for (int i = 0; i < _labels.Length; i++)
                if (string.IsNullOrWhiteSpace(_labels[i]))
                    throw new ArgumentException($"labels[{i}] is empty.", nameof(labels));
            var duplicate = _labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException($"labels names '{duplicate.Key}' more than once.", nameof(labels));
        }
        if (_labels.Length == 0)
            throw new ArgumentException("A multi-label set needs at least one label (no row carries any and no label order was given).", nameof(labels));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _labels.Length; i++) index[_labels[i]] = i;

        Dimension = rows[0]?.Length ?? throw new ArgumentException("rows[0] is null.", nameof(rows));
        if (Dimension == 0)
            throw new ArgumentException("Rows must have at least one feature.", nameof(rows));
        Count = rows.Count;
        _features = new float[(long)Count * Dimension];
        _rowLabels = new int[Count][];
        for (int r = 0; r < Count; r++)
        {
            float[] row = rows[r] ?? throw new ArgumentException($"rows[{r}] is null.", nameof(rows));
            if (row.Length != Dimension)
                throw new ArgumentException($"rows[{r}] has {row.Length} features; rows[0] has {Dimension}.", nameof(rows));
            for (int c = 0; c < row.Length; c++)
                if (!float.IsFinite(row[c]))
                    throw new ArgumentException($"rows[{r}][{c}] is {row[c]}; features must be finite.", nameof(rows));
            row.CopyTo(_features.AsSpan(r * Dimension, Dimension));
            var set = new SortedSet<int>();
            foreach (string label in rowLabels[r])
            {
                if (!index.TryGetValue(label, out int i))
                    throw new ArgumentException($"rowLabels[{r}] carries '{label}', which is not in labels.", nameof(rowLabels));
                set.Add(i);
            }
            _rowLabels[r] = [.. set];
        }
    }

    public int Count { get; }
    public int Dimension { get; }
    public IReadOnlyList<string> Labels => _labels;

    public ReadOnlySpan<float> Row(int i) => _features.AsSpan(checked(RowIndex(i) * Dimension), Dimension);

    /// <summary>Indices into <see cref="Labels"/> of the labels row <paramref name="row"/> carries, ascending.</summary>
    public IReadOnlyList<int> LabelsOf(int row) => _rowLabels[RowIndex(row)];

    /// <summary>Rows carrying each label.</summary>
    public int[] PositiveCounts()
    {
        var counts = new int[_labels.Length];
        foreach (int[] row in _rowLabels)
            foreach (int l in row) counts[l]++;
        return counts;
    }

    /// <summary>The shared row-major matrix (not copied; callers must not write to it).</summary>
    internal float[] Features => _features;

    private int RowIndex(int i)
    {
        if ((uint)i >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Row index must be in [0, {Count}).");
        return i;
    }
}
