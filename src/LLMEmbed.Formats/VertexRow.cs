using System.Text.Json;

namespace LLMEmbed.Formats;

/// <summary>
/// A Vertex AI text-classification JSONL row: "textContent" and either "classificationAnnotation":
/// {"displayName"} (single-label) or "classificationAnnotations": [{"displayName"}, …] (multi-label).
/// Tenants are single-label, so a list of exactly one imports; other Vertex fields
/// ("dataItemResourceLabels", annotation resource labels) are ignored.
/// </summary>
internal static class VertexRow
{
    public static LabeledRow Parse(JsonElement root, long line, bool labelOptional)
    {
        var content = root.GetProperty("textContent");
        var text = content.ValueKind == JsonValueKind.String ? content.GetString()!
            : throw new LabeledRowFormatException(line, "textContent", $"bad text: \"textContent\" must be a string, found {content.ValueKind}.");
        string? label = null;
        if (root.TryGetProperty("classificationAnnotation", out var single) && single.ValueKind != JsonValueKind.Null)
            label = DisplayName(single, line, "classificationAnnotation");
        if (root.TryGetProperty("classificationAnnotations", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (label is not null)
                throw new LabeledRowFormatException(line, "classificationAnnotations",
                    "the row has both \"classificationAnnotation\" and \"classificationAnnotations\"; give one.");
            if (list.ValueKind != JsonValueKind.Array)
                throw new LabeledRowFormatException(line, "classificationAnnotations", $"\"classificationAnnotations\" must be a list, found {list.ValueKind}.");
            var count = list.GetArrayLength();
            if (count > 1)
                throw new LabeledRowFormatException(line, "classificationAnnotations",
                    $"the row has {count} annotations, but tenants are single-label: multi-label data needs a multi-label task; give each row one annotation.");
            if (count == 1) label = DisplayName(list[0], line, "classificationAnnotations");
        }
        label ??= labelOptional ? "" : throw new LabeledRowFormatException(line, "label",
            "missing label: a Vertex AI row needs \"classificationAnnotation\": {\"displayName\": …} or a one-item \"classificationAnnotations\" list.");
        return new LabeledRow(text, label, null, line);
    }

    private static string DisplayName(JsonElement annotation, long line, string field)
    {
        if (annotation.ValueKind == JsonValueKind.Object && annotation.TryGetProperty("displayName", out var name) && name.ValueKind == JsonValueKind.String)
            return name.GetString()!;
        throw new LabeledRowFormatException(line, field, $"bad label: each annotation in \"{field}\" needs a string \"displayName\".");
    }
}
