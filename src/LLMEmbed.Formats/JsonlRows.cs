using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LLMEmbed.Formats;

/// <summary>
/// JSON lines, each in one of the shapes users export: ours and Cohere's classify data (a string "text",
/// a string or numeric "label", an optional string "split") or Vertex AI text classification (see <see cref="VertexRow"/>).
/// Ours may label the row for named tasks too: "labels": {"topic": "billing", "tags": ["refund", "mobile"]}
/// (see <see cref="JsonlTaskLabels"/>), next to or instead of "label".
/// </summary>
internal static class JsonlRows
{
    public const string Shapes = "{\"text\", \"label\" and/or \"labels\": {task: label or [labels]}[, \"split\"]} (ours, Cohere), or Vertex AI's {\"textContent\", \"classificationAnnotation\": {\"displayName\"}} "
        + "or {\"textContent\", \"classificationAnnotations\": [{\"displayName\"}]}";

    public static async IAsyncEnumerable<LabeledRow> ReadAsync(TextReader reader, LabeledRowReaderOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new BoundedLineReader(reader, options.MaxRecordBytes);
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, lines.LineNumber, options);
        }
    }

    private static LabeledRow Parse(string json, long line, LabeledRowReaderOptions options)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new LabeledRowFormatException(line, "body", $"bad JSON: {e.Message}", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new LabeledRowFormatException(line, "body", $"expected a JSON object, found {root.ValueKind}.");
            if (root.TryGetProperty("textContent", out _)) return VertexRow.Parse(root, line, options.LabelOptional);
            if (!root.TryGetProperty("text", out _) && !root.TryGetProperty("label", out _) && !root.TryGetProperty("labels", out _))
                throw new LabeledRowFormatException(line, "body",
                    $"the row fits none of the shapes accepted: {Shapes}; found the properties {Names(root)}.");
            return ParseTextLabel(root, line, options);
        }
    }

    private static string Names(JsonElement root)
    {
        var names = root.EnumerateObject().Select(p => $"\"{p.Name}\"").ToList();
        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }

    private static LabeledRow ParseTextLabel(JsonElement root, long line, LabeledRowReaderOptions options)
    {
        string? text = null, label = null, split = null, defaultInLabels = null;
        IReadOnlyList<RowTaskLabels>? tasks = null;
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
                        JsonValueKind.Null when options.LabelOptional => "",
                        var kind => throw new LabeledRowFormatException(line, "label", $"bad label: \"label\" must be a string or a number, found {kind}."),
                    };
                    break;
                case "labels":
                    if (tasks is not null) throw new LabeledRowFormatException(line, "labels", "bad labels: the row has \"labels\" twice.");
                    (defaultInLabels, tasks) = JsonlTaskLabels.Parse(value, line);
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
                    if (!options.IgnoreUnknownFields)
                        throw new LabeledRowFormatException(line, property.Name,
                            $"unknown field \"{property.Name}\"; a row has \"text\", \"label\" and/or \"labels\", and optionally \"split\".");
                    break;
            }
        }
        if (defaultInLabels is not null)
        {
            // "label": null in an unlabelled import is no label, so it does not clash.
            if (!string.IsNullOrEmpty(label))
                throw new LabeledRowFormatException(line, "labels.default",
                    "the row has both \"label\" and \"labels.default\", which both name the default task's label; give one.");
            label = defaultInLabels;
        }
        var named = tasks is { Count: > 0 } ? tasks : null;
        return new LabeledRow(
            text ?? throw new LabeledRowFormatException(line, "text", "missing text: no \"text\" property."),
            label ?? (options.LabelOptional || named is not null ? "" : throw new LabeledRowFormatException(line, "label",
                tasks is null ? "missing label: no \"label\" or \"labels\" property." : "missing label: \"labels\" is empty and there is no \"label\".")),
            split, line, named);
    }
}
