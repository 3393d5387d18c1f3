using LLMEmbed.Gateway.Services;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Rows of an HTTP import body. JSONL: one <c>{"text": ..., "label": ...}</c> object per line (a
/// "split" property is allowed and ignored, as files made for <c>llmembed eval</c> carry one; blank
/// lines are skipped). CSV: header <c>text,label[,split]</c>, RFC 4180 quoting. A malformed record
/// throws <see cref="InvalidRequestException"/> naming its line, which ends the import there.
/// </summary>
internal static class ImportBodyReader
{
    public const string Jsonl = "jsonl";
    public const string Csv = "csv";

    /// <summary>"jsonl" or "csv" from ?format= or the content type; null when neither says.</summary>
    public static string? FormatOf(string? format, string? contentType)
    {
        if (!string.IsNullOrEmpty(format)) return format.ToLowerInvariant() is Jsonl or Csv ? format.ToLowerInvariant() : null;
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "application/jsonl" or "application/x-ndjson" or "application/x-jsonlines" or "application/json-lines" => Jsonl,
            "text/csv" => Csv,
            _ => null,
        };
    }

    public static IAsyncEnumerable<ImportRow> Read(string format, TextReader body, int maxRecordChars, CancellationToken cancellationToken) =>
        format == Csv ? ReadCsv(new BoundedLineReader(body, maxRecordChars), cancellationToken) : ReadJsonl(new BoundedLineReader(body, maxRecordChars), cancellationToken);

    private static async IAsyncEnumerable<ImportRow> ReadJsonl(BoundedLineReader lines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var row = ParseJson(line, lines.LineNumber);
            yield return new ImportRow(row.Text, row.Label, lines.LineNumber);
        }
    }

    private static LabeledExample ParseJson(string line, long number)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(line); }
        catch (JsonException e) { throw Bad(number, "body", $"bad JSON ({e.Message})"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(number, "body", $"expected a JSON object, found {root.ValueKind}");
            string? text = null, label = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "text":
                        text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()
                            : throw Bad(number, "text", $"\"text\" must be a string, found {property.Value.ValueKind}");
                        break;
                    case "label":
                        label = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString(),
                            // Numeric class ids are common in exported data; keep their JSON spelling, as llmembed eval does.
                            JsonValueKind.Number => property.Value.GetRawText(),
                            var kind => throw Bad(number, "label", $"\"label\" must be a string or a number, found {kind}"),
                        };
                        break;
                    case "split":
                        break;
                    default:
                        throw Bad(number, property.Name, $"unknown field \"{property.Name}\"; a row has \"text\" and \"label\"");
                }
            }
            return new LabeledExample(text ?? throw Bad(number, "text", "missing \"text\""), label ?? throw Bad(number, "label", "missing \"label\""));
        }
    }

    private static async IAsyncEnumerable<ImportRow> ReadCsv(BoundedLineReader records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = await records.ReadCsvRecordAsync(cancellationToken) ?? throw Bad(1, "body", "the body is empty; the first line must be the header text,label");
        var names = SplitCsv(header, 1).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (!(names.SequenceEqual(["text", "label"]) || names.SequenceEqual(["text", "label", "split"])))
            throw Bad(1, "header", $"the header must be text,label or text,label,split, found \"{header}\"");
        while (await records.ReadCsvRecordAsync(cancellationToken) is { } record)
        {
            if (record.Length == 0) continue;
            var fields = SplitCsv(record, records.LineNumber);
            if (fields.Count != names.Length)
                throw Bad(records.LineNumber, "body", $"expected {names.Length} columns as in the header, found {fields.Count}");
            yield return new ImportRow(fields[0], fields[1], records.LineNumber);
        }
    }

    /// <summary>RFC 4180 fields of one record: quoted fields may hold commas, line breaks and doubled quotes.</summary>
    internal static List<string> SplitCsv(string record, long line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length) throw Bad(line, "body", "a quoted field is not closed");
                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(record[i++]);
                }
                if (i < record.Length && record[i] != ',') throw Bad(line, "body", "text after a closing quote");
            }
            else
            {
                while (i < record.Length && record[i] != ',')
                {
                    if (record[i] == '"') throw Bad(line, "body", "a quote inside an unquoted field");
                    field.Append(record[i++]);
                }
            }
            fields.Add(field.ToString());
            field.Clear();
            if (i >= record.Length) return fields;
            i++; // the comma
        }
    }

    private static MalformedRowException Bad(long line, string field, string problem) => new(line, field, $"{problem}.");
}
