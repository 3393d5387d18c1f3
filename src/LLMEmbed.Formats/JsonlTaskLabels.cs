using System.Text.Json;

namespace LLMEmbed.Formats;

/// <summary>
/// A JSONL row's "labels" object: task name to a label (string) or a list of labels (array of strings; [] = "none of these").
/// The key "default" is the default task's label, which is single-label, so it takes a string only.
/// </summary>
internal static class JsonlTaskLabels
{
    public const string DefaultTask = "default";

    /// <summary>The default task's label (null when not given) and the named tasks' labels in file order.</summary>
    public static (string? Default, IReadOnlyList<RowTaskLabels> Tasks) Parse(JsonElement labels, long line)
    {
        if (labels.ValueKind != JsonValueKind.Object)
            throw new LabeledRowFormatException(line, "labels",
                $"bad labels: \"labels\" must be an object of task names to a label or a list of labels, e.g. {{\"topic\": \"billing\", \"tags\": [\"refund\"]}}; found {labels.ValueKind}.");
        string? defaultLabel = null;
        var tasks = new List<RowTaskLabels>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in labels.EnumerateObject())
        {
            var task = property.Name;
            var field = $"labels.{task}";
            if (string.IsNullOrWhiteSpace(task))
                throw new LabeledRowFormatException(line, "labels", "bad labels: a task name in \"labels\" is empty.");
            if (!seen.Add(task))
                throw new LabeledRowFormatException(line, field, $"bad labels: the task \"{task}\" appears twice in \"labels\".");
            var value = property.Value;
            if (task == DefaultTask)
            {
                defaultLabel = value.ValueKind == JsonValueKind.String ? value.GetString()!
                    : throw new LabeledRowFormatException(line, field,
                        $"bad labels: \"{field}\" must be a string: the default task is single-label; found {value.ValueKind}.");
                continue;
            }
            tasks.Add(new RowTaskLabels(task, value.ValueKind switch
            {
                JsonValueKind.String => [value.GetString()!],
                JsonValueKind.Array => Strings(value, field, line),
                var kind => throw new LabeledRowFormatException(line, field,
                    $"bad labels: \"{field}\" must be a label (a string) or a list of labels (strings), found {kind}."),
            }));
        }
        return (defaultLabel, tasks);
    }

    private static string[] Strings(JsonElement array, string field, long line)
    {
        var labels = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            labels[i] = item.ValueKind == JsonValueKind.String ? item.GetString()!
                : throw new LabeledRowFormatException(line, field, $"bad labels: \"{field}\"[{i}] must be a string, found {item.ValueKind}.");
            i++;
        }
        return labels;
    }
}
