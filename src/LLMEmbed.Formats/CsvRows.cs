using System.Runtime.CompilerServices;
using CsvHelper;

namespace LLMEmbed.Formats;

/// <summary>CSV with the header text,label or text,label,split (trimmed, any case), read by CsvHelper.</summary>
internal static class CsvRows
{
    public static async IAsyncEnumerable<LabeledRow> ReadAsync(TextReader reader, LabeledRowReaderOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var csvOptions = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = options.MaxRecordBytes,
        };
        await using var csv = CsvReader.Create(reader, csvOptions, leaveOpen: true);
        var columns = await ReadHeaderAsync(csv, cancellationToken);
        while (true)
        {
            bool more;
            try { more = await csv.ReadAsync(cancellationToken); }
            catch (CsvFormatException e) { throw new LabeledRowFormatException(e.LineNumber, "body", $"malformed CSV: {e.Message}", e); }
            if (!more) yield break;
            var line = csv.LineNumber;
            if (csv.FieldCount != columns)
                throw new LabeledRowFormatException(line, "body", $"wrong column count: expected {columns} (as in the header), found {csv.FieldCount}.");
            var split = columns == 3 && !string.IsNullOrWhiteSpace(csv.GetString(2)) ? csv.GetString(2) : null;
            yield return new LabeledRow(csv.GetString(0), csv.GetString(1), split, line);
        }
    }

    /// <summary>The column count the header announces (2 or 3).</summary>
    private static async Task<int> ReadHeaderAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> headers;
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            headers = csv.Headers;
        }
        catch (CsvFormatException e)
        {
            throw new LabeledRowFormatException(1, "header", $"malformed CSV header: {e.Message}", e);
        }
        var names = headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (!(names.SequenceEqual(["text", "label"]) || names.SequenceEqual(["text", "label", "split"])))
            throw new LabeledRowFormatException(1, "header",
                $"the header must be 'text,label' or 'text,label,split', found '{string.Join(",", headers)}'.");
        return names.Length;
    }
}
