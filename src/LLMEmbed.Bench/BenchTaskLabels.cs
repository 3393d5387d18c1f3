using Grpc.Net.Client;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>One named task of the bench's five-task tenant and each row's labels for it.</summary>
internal sealed record BenchTask(string Name, TaskKind Kind, Func<LabeledText, string[]> Labels);

/// <summary>
/// Four tasks derived from real rows, so each head learns something real from the same features: two
/// single-label (topic pairs, length) and two multi-label (topic-pair and length tags, or none; common Reuters words).
/// </summary>
internal static class BenchTaskLabels
{
    private static readonly string[] Words = ["pct", "mln", "said", "year", "shares"];

    public static IReadOnlyList<BenchTask> For(IReadOnlyList<LabeledText> rows)
    {
        var topics = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var medianLength = rows.Select(r => r.Text.Length).Order().ElementAt(rows.Count / 2);
        bool Even(LabeledText r) => topics.IndexOf(r.Label) % 2 == 0;
        bool Long(LabeledText r) => r.Text.Length > medianLength;
        // A word that nearly every row (or nearly none) holds is no label: keep those with enough rows on each side.
        var words = Words.Where(w => rows.Count(r => HasWord(r, w)) is var n && n >= 4 && rows.Count - n >= 4).ToArray();
        return
        [
            new("pair", TaskKind.SingleLabel, r => [Even(r) ? "even" : "odd"]),
            new("length", TaskKind.SingleLabel, r => [Long(r) ? "long" : "short"]),
            new("tags", TaskKind.MultiLabel, r => [.. new[] { Even(r) ? "even-topic" : null, Long(r) ? "long" : null }.OfType<string>()]),
            new("words", TaskKind.MultiLabel, r => [.. words.Where(w => HasWord(r, w))]),
        ];
    }

    /// <summary>Creates the tasks on the tenant, relabels its stored rows' texts for them in one more import and trains each task.</summary>
    public static async Task CreateAsync(GrpcChannel channel, BenchTenant tenant, IReadOnlyList<BenchTask> tasks, IReadOnlyList<LabeledText> rows)
    {
        var client = new Tasks.TasksClient(channel);
        foreach (var task in tasks)
            await client.CreateTaskAsync(new CreateTaskRequest
            {
                Tenant = tenant.Id,
                Task = task.Name,
                Kind = task.Kind,
                Labels = { rows.SelectMany(task.Labels).Distinct().Order(StringComparer.Ordinal) },
            }, tenant.Headers);
    }

    /// <summary>The row as an example labelled for the default task and every named task.</summary>
    public static Example ToExample(LabeledText row, IReadOnlyList<BenchTask> tasks) => new()
    {
        Text = row.Text,
        Label = row.Label,
        TaskLabels = { tasks.Select(t => new TaskLabel { Task = t.Name, Labels = { t.Labels(row) } }) },
    };

    private static bool HasWord(LabeledText row, string word) =>
        row.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.Trim(',', '.', ';', ':').Equals(word, StringComparison.OrdinalIgnoreCase));
}
