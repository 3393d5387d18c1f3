using LLMEmbed.Formats;

namespace LLMEmbed.Core.Data;

/// <summary>
/// Reads user-supplied labelled examples from JSONL (<c>.jsonl</c>, <c>.ndjson</c>; one
/// <c>{"text": ..., "label": ...[, "split": "train"|"test"]}</c> per line, blank lines skipped, other
/// properties ignored) or CSV (<c>.csv</c>; header naming text and label columns, or none; see docs/import-formats.md), with
/// the <see cref="LabeledRowReader"/> the gateway reads import bodies with. Any malformed row stops
/// reading with a <see cref="DataFormatException"/> naming the file and line.
/// </summary>
public static class LabeledFileReader
{
    private static readonly LabeledRowReaderOptions FileRows = new() { IgnoreUnknownFields = true };

    /// <summary>Reads the whole file.</summary>
    public static IReadOnlyList<LabeledText> Read(string path) => ReadStreaming(path).ToList();

    /// <summary>Reads row by row, for files too large to hold twice (bulk import).</summary>
    public static IEnumerable<LabeledText> ReadStreaming(string path) => ReadStreaming(path, null);

    /// <summary>
    /// Reads row by row with the caller's CSV column, separator and header options (unknown JSON
    /// properties are always ignored in files).
    /// </summary>
    public static IEnumerable<LabeledText> ReadStreaming(string path, LabeledRowReaderOptions? options)
    {
        var rowOptions = options is null ? FileRows : options with { IgnoreUnknownFields = true };
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled data file not found: {path}", path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => ReadRows(path, LabeledRowFormat.Jsonl, rowOptions),
            ".csv" => ReadRows(path, LabeledRowFormat.Csv, rowOptions),
            var other => throw new ArgumentException(
                $"{path}: unsupported file type '{other}'; expected .jsonl, .ndjson or .csv.", nameof(path)),
        };
    }

    /// <summary>
    /// Makes a dataset from rows. When every row carries a split, that split is used; when none does,
    /// a seeded stratified split puts about <paramref name="testFraction"/> of each label in test.
    /// </summary>
    public static Dataset ToDataset(IEnumerable<LabeledText> rows, int seed, double testFraction, string name = "file")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyList<LabeledText> ?? rows.ToList();
        if (list.Count == 0) throw new ArgumentException("No labelled rows were given.", nameof(rows));
        // A row labelled only for named tasks ("labels") has no default label, which is all a dataset reads.
        if (list.FirstOrDefault(r => string.IsNullOrWhiteSpace(r.Label)) is { } unlabelled)
            throw new ArgumentException(
                $"the row at line {unlabelled.Line} has no \"label\" (it labels only named tasks); a dataset reads each row's default label.", nameof(rows));
        var withSplit = list.Count(r => r.Split is not null);
        if (withSplit == list.Count)
        {
            return Dataset.Create(name,
                list.Where(r => r.Split == DataSplit.Train).ToList(),
                list.Where(r => r.Split == DataSplit.Test).ToList());
        }
        if (withSplit > 0)
            throw new ArgumentException(
                $"{withSplit} of {list.Count} rows name a split and the rest do not; give a split on every row or on none.", nameof(rows));
        var (train, test) = StratifiedSampler.Split(list, testFraction, seed);
        return Dataset.Create(name, train, test);
    }

    private static IEnumerable<LabeledText> ReadRows(string path, LabeledRowFormat format, LabeledRowReaderOptions options)
    {
        using var reader = new StreamReader(path);
        using var rows = LabeledRowReader.ReadAsync(reader, format, options).ToBlockingEnumerable().GetEnumerator();
        while (true)
        {
            bool more;
            try { more = rows.MoveNext(); }
            catch (LabeledRowFormatException e) { throw new DataFormatException(path, e.Line, e.Problem, e); }
            if (!more) yield break;
            yield return Validate(path, rows.Current, options.LabelOptional);
        }
    }

    private static LabeledText Validate(string path, LabeledRow row, bool labelOptional)
    {
        if (string.IsNullOrWhiteSpace(row.Text)) throw new DataFormatException(path, row.Line, "missing text: the text is empty.");
        // A row labelled only for named tasks has no default-task label.
        if (!labelOptional && row.Tasks is null && string.IsNullOrWhiteSpace(row.Label)) throw new DataFormatException(path, row.Line, "empty label.");
        if (row.Split is not null && string.IsNullOrWhiteSpace(row.Split))
            throw new DataFormatException(path, row.Line, "bad split value: \"split\" is blank; use \"train\", \"test\" or leave it out.");
        if (!DataSplit.TryNormalize(row.Split, out var split))
            throw new DataFormatException(path, row.Line, $"bad split value '{row.Split}': expected \"train\" or \"test\".");
        // Task labels are trimmed as the default label is, so a file's spacing never makes an unknown label.
        var tasks = row.Tasks?.Select(t => new RowTaskLabels(t.Task.Trim(), t.Labels.Select(l => l.Trim()).ToArray())).ToArray();
        return new LabeledText(row.Text, row.Label.Trim(), split) { Line = row.Line, Tasks = tasks };
    }
}
