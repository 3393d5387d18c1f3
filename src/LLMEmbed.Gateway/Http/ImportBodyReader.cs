using System.Runtime.CompilerServices;
using LLMEmbed.Formats;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Rows of an HTTP import body, read by the <see cref="LabeledRowReader"/> the CLI reads files with.
/// JSONL: one <c>{"text": ..., "label": ...}</c> object per line, labels for named tasks in
/// <c>"labels": {"topic": "billing", "tags": ["refund"]}</c> (a "split" property is allowed and
/// ignored, as files made for <c>llmembed eval</c> carry one; any other property is refused; blank lines
/// are skipped), or Vertex AI rows. CSV: a header naming the text and label columns (or none, with
/// ?no_header=true), separator , ; or tab, RFC 4180 quoting. See docs/import-formats.md. A malformed record throws
/// <see cref="MalformedRowException"/> naming its line, which ends the import there.
/// </summary>
internal static class ImportBodyReader
{
    /// <summary>The format from ?format= (jsonl, csv) or the content type; null when neither says.</summary>
    public static LabeledRowFormat? FormatOf(string? format, string? contentType)
    {
        if (!string.IsNullOrEmpty(format))
            return format.ToLowerInvariant() switch { "jsonl" => LabeledRowFormat.Jsonl, "csv" => LabeledRowFormat.Csv, _ => null };
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "application/jsonl" or "application/x-ndjson" or "application/x-jsonlines" or "application/json-lines" => LabeledRowFormat.Jsonl,
            "text/csv" => LabeledRowFormat.Csv,
            _ => null,
        };
    }

    /// <param name="maxRecordBytes">No record longer than this is held (Gateway:MaxReceiveMessageBytes, as for a gRPC message).</param>
    /// <param name="columns">The CSV column options from the query (<see cref="ImportQuery.CsvColumns"/>).</param>
    public static async IAsyncEnumerable<ImportRow> Read(LabeledRowFormat format, TextReader body, int maxRecordBytes,
        LabeledRowReaderOptions columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = columns with { MaxRecordBytes = maxRecordBytes };
        await using var rows = LabeledRowReader.ReadAsync(body, format, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try { more = await rows.MoveNextAsync(); }
            catch (LabeledRowFormatException e) { throw new MalformedRowException(e.Line, e.Field, e.Problem); }
            if (!more) yield break;
            var row = rows.Current;
            yield return new ImportRow(row.Text, row.Label, row.Line, row.Tasks?.Select(t => new TaskLabel(t.Task, t.Labels.ToArray())).ToArray());
        }
    }
}
