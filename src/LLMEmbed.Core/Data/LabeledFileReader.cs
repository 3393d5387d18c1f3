using System.Text.Json;
using CsvHelper;

namespace LLMEmbed.Core.Data;

/// <summary>
/// Reads user-supplied labelled examples from JSONL (<c>.jsonl</c>, <c>.ndjson</c>; one
/// <c>{"text": ..., "label": ...[, "split": "train"|"test"]}</c> per line, blank lines skipped) or
/// CSV (<c>.csv</c>; header <c>text,label[,split]</c>, RFC 4180 quoting). Any malformed row stops
/// reading with a <see cref="DataFormatException"/> naming the file and line.
/// </summary>
public static class LabeledFileReader
{
    /// <summary>Reads the whole file.</summary>
    public static IReadOnlyList<LabeledText> Read(string path) => ReadStreaming(path).ToList();

    /// <summary>Reads row by row, for files too large to hold twice (bulk import).</summary>
    public static IEnumerable<LabeledText> ReadStreaming(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled data file not found: {path}", path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => ReadJsonLines(path),
            ".csv" => ReadCsv(path),
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

    private static IEnumerable<LabeledText> ReadJsonLines(string path)
    {
        using var reader = new StreamReader(path);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return ParseJsonLine(path, lineNumber, line);
        }
    }

    private static LabeledText ParseJsonLine(string path, long line, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, line, $"bad JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, line, $"expected a JSON object, found {root.ValueKind}.");
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new DataFormatException(path, line, "missing text: \"text\" must be a string.");
            if (!root.TryGetProperty("label", out var label))
                throw new DataFormatException(path, line, "missing label: no \"label\" property.");
            var labelText = label.ValueKind switch
            {
                JsonValueKind.String => label.GetString(),
                // Numeric class ids are common in exported data; keep their JSON spelling as the label.
                JsonValueKind.Number => label.GetRawText(),
                _ => throw new DataFormatException(path, line, $"bad label: \"label\" must be a string or a number, found {label.ValueKind}."),
            };
            string? split = null;
            if (root.TryGetProperty("split", out var splitValue) && splitValue.ValueKind != JsonValueKind.Null)
            {
                if (splitValue.ValueKind != JsonValueKind.String)
                    throw new DataFormatException(path, line, $"bad split value: \"split\" must be \"train\" or \"test\", found {splitValue.ValueKind}.");
                split = splitValue.GetString();
            }
            return Validate(path, line, text.GetString(), labelText, split, allowBlankSplit: false);
        }
    }

    private static IEnumerable<LabeledText> ReadCsv(string path)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        using var reader = CsvReader.FromFile(path, options);
        var (textColumn, labelColumn, splitColumn, columns) = ReadCsvHeader(path, reader);
        while (true)
        {
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (CsvFormatException e)
            {
                throw new DataFormatException(path, e.LineNumber, $"malformed CSV: {e.Message}", e);
            }
            if (!more) yield break;
            var line = reader.LineNumber;
            if (reader.FieldCount != columns)
                throw new DataFormatException(path, line, $"wrong column count: expected {columns} (as in the header), found {reader.FieldCount}.");
            var split = splitColumn >= 0 ? reader.GetString(splitColumn) : null;
            yield return Validate(path, line, reader.GetString(textColumn), reader.GetString(labelColumn), split, allowBlankSplit: true);
        }
    }

    private static (int Text, int Label, int Split, int Columns) ReadCsvHeader(string path, CsvReader reader)
    {
        IReadOnlyList<string> headers;
        try
        {
            reader.ReadHeader();
            headers = reader.Headers;
        }
        catch (CsvFormatException e)
        {
            throw new DataFormatException(path, 1, $"malformed CSV header: {e.Message}", e);
        }
        var names = headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var expected = names.Length == 3 ? new[] { "text", "label", "split" } : ["text", "label"];
        if (!names.SequenceEqual(expected))
            throw new DataFormatException(path, 1,
                $"the header must be 'text,label' or 'text,label,split', found '{string.Join(",", headers)}'.");
        return (0, 1, names.Length == 3 ? 2 : -1, names.Length);
    }

    private static LabeledText Validate(string path, long line, string? text, string? label, string? split, bool allowBlankSplit)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DataFormatException(path, line, "missing text: the text is empty.");
        if (string.IsNullOrWhiteSpace(label)) throw new DataFormatException(path, line, "empty label.");
        if (!allowBlankSplit && split is not null && string.IsNullOrWhiteSpace(split))
            throw new DataFormatException(path, line, "bad split value: \"split\" is blank; use \"train\", \"test\" or leave it out.");
        if (!DataSplit.TryNormalize(split, out var normalized))
            throw new DataFormatException(path, line, $"bad split value '{split}': expected \"train\" or \"test\".");
        return new LabeledText(text, label.Trim(), normalized) { Line = line };
    }
}
