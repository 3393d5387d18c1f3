using System.Runtime.CompilerServices;
using CsvHelper;

namespace LLMEmbed.Formats;

/// <summary>
/// CSV as spreadsheets and CRMs export it, read by CsvHelper: separator ',' ';' or tab (given, or
/// detected from the first line); a header naming the text and label columns (any order, others
/// ignored; a "split" column is kept) or, without one, columns by position.
/// </summary>
internal static class CsvRows
{
    public static async IAsyncEnumerable<LabeledRow> ReadAsync(TextReader reader, LabeledRowReaderOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = await PrefixedTextReader.ReadFirstLineAsync(reader, options.MaxRecordBytes, cancellationToken);
        var newline = first.IndexOf('\n');
        var separator = options.Separator ?? CsvSeparator.Detect(newline < 0 ? first : first[..newline]);
        var csvOptions = new CsvReaderOptions
        {
            Separator = separator,
            // The header is read as a record, so a headed and a headerless file are read alike.
            HasHeader = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = options.MaxRecordBytes,
        };
        await using var csv = CsvReader.Create(new PrefixedTextReader(first, reader), csvOptions, leaveOpen: true);
        CsvColumns? columns = options.NoHeader ? CsvColumns.FromPositions(options) : null;
        var width = -1; // the header's column count, or the first row's without one
        while (true)
        {
            bool more;
            try { more = await csv.ReadAsync(cancellationToken); }
            catch (CsvFormatException e)
            {
                throw columns is null
                    ? new LabeledRowFormatException(1, "header", $"malformed CSV header: {e.Message}", e)
                    : new LabeledRowFormatException(e.LineNumber, "body", $"malformed CSV: {e.Message}", e);
            }
            if (!more) break;
            var line = csv.LineNumber;
            if (columns is null)
            {
                columns = CsvColumns.FromHeader(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList(), options);
                width = csv.FieldCount;
                continue;
            }
            if (width < 0)
            {
                width = csv.FieldCount;
                var needed = Math.Max(columns.Text, columns.Label) + 1;
                if (width < needed)
                    throw new LabeledRowFormatException(line, "body", $"the row has {width} columns; the text and label columns need {needed}.");
            }
            if (csv.FieldCount != width)
                throw new LabeledRowFormatException(line, "body",
                    $"wrong column count: expected {width} (as in the {(options.NoHeader ? "first row" : "header")}), found {csv.FieldCount}.");
            var split = columns.Split >= 0 && !string.IsNullOrWhiteSpace(csv.GetString(columns.Split)) ? csv.GetString(columns.Split) : null;
            var label = columns.Label >= 0 ? csv.GetString(columns.Label) : "";
            yield return new LabeledRow(csv.GetString(columns.Text), label, split, line);
        }
        if (columns is null)
            throw new LabeledRowFormatException(1, "header", "the body is empty: expected a header line naming the text and label columns.");
    }
}
