using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LLMEmbed.Formats;

/// <summary>JSON lines: one object per line with a string "text", a string or numeric "label" and an optional string "split".</summary>
internal static class JsonlRows
{
    public static async IAsyncEnumerable<LabeledRow> ReadAsync(TextReader reader, LabeledRowReaderOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new BoundedLineReader(reader, options.MaxRecordBytes);
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, lines.LineNumber, options.IgnoreUnknownFields, options.LabelOptional);
        }
    }

    private static LabeledRow Parse(string json, long line, bool ignoreUnknownFields, bool labelOptional)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new LabeledRowFormatException(line, "body", $"bad JSON: {e.Message}", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new LabeledRowFormatException(line, "body", $"expected a JSON object, found {root.ValueKind}.");
            string? text = null, label = null, split = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "text":
                        text = value.ValueKind == JsonValueKind.String ? value.GetString()
                            : throw new LabeledRowFormatException(line, "text", $"bad text: \"text\" must be a string, found {value.ValueKind}.");
                        break;
                    case "label":
                        label = value.ValueKind switch
                        {
                            JsonValueKind.String => value.GetString(),
                            // Numeric class ids are common in exported data; keep their JSON spelling as the label.
                            JsonValueKind.Number => value.GetRawText(),
                            var kind => throw new LabeledRowFormatException(line, "label", $"bad label: \"label\" must be a string or a number, found {kind}."),
                        };
                        break;
                    case "split":
                        split = value.ValueKind switch
                        {
                            JsonValueKind.String => value.GetString(),
                            JsonValueKind.Null => null,
                            var kind => throw new LabeledRowFormatException(line, "split", $"bad split value: \"split\" must be a string, found {kind}."),
                        };
                        break;
                    default:
                        if (!ignoreUnknownFields)
                            throw new LabeledRowFormatException(line, property.Name,
                                $"unknown field \"{property.Name}\"; a row has \"text\", \"label\" and optionally \"split\".");
                        break;
                }
            }
            return new LabeledRow(
                text ?? throw new LabeledRowFormatException(line, "text", "missing text: no \"text\" property."),
                label ?? (labelOptional ? "" : throw new LabeledRowFormatException(line, "label", "missing label: no \"label\" property.")),
                split, line);
        }
    }
}
