using LLMEmbed.Formats;
using LLMEmbed.Gateway.Http;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>Tasks in requests, checked before any grain call: example rows' task labels, classify's task list, and their mapping.</summary>
public sealed class TaskRequestChecksTests
{
    private static readonly TenantInfo Tenant = new("t", "last", 2, 0, 0, DateTimeOffset.UnixEpoch, TenantLimits.Default, false,
        TextsPerGrainCall: 8, MaxTokensPerText: 512);

    [Fact]
    public void A_row_may_carry_a_label_and_task_labels_or_task_labels_only_none_of_these_included()
    {
        var (both, _) = RequestLimits.CheckExample("refund please", "support", Tenant, false, "examples[0]", tasks: [new("topic", ["billing"]), new("tags", ["refund", "mobile"])]);
        Assert.Equal("support", both.Label);
        Assert.Equal(["topic", "tags"], both.Tasks!.Select(t => t.Task));
        Assert.Equal(["refund", "mobile"], both.Tasks![1].Labels);

        var (only, _) = RequestLimits.CheckExample("hello", "", Tenant, false, "examples[1]", tasks: [new("tags", [])]);
        Assert.Equal("", only.Label);
        Assert.Empty(Assert.Single(only.Tasks!).Labels);

        var (plain, _) = RequestLimits.CheckExample("hello", "greeting", Tenant, false, "examples[2]");
        Assert.Null(plain.Tasks);
    }

    [Fact]
    public void A_task_labels_entry_for_the_default_task_is_the_rows_label()
    {
        var (example, _) = RequestLimits.CheckExample("a", "", Tenant, false, "", tasks: [new(TaskNames.Default, ["earn"]), new("tags", ["x"])]);

        Assert.Equal("earn", example.Label);
        Assert.Equal("tags", Assert.Single(example.Tasks!).Task);
    }

    [Fact]
    public void An_unlabelled_row_drops_its_task_labels_too()
    {
        var (example, _) = RequestLimits.CheckExample("a", "x", Tenant, false, "", unlabelled: true, tasks: [new("tags", ["y"])]);

        Assert.Equal("", example.Label);
        Assert.Null(example.Tasks);
    }

    [Theory]
    [InlineData("", new[] { "" }, "x", "examples[3].task_labels[0].task")]
    [InlineData("", new[] { "tags", "tags" }, "x", "examples[3].task_labels[1].task")]
    [InlineData("", new[] { "tags" }, " ", "examples[3].task_labels[0].labels[0]")]
    [InlineData("", new[] { "tags" }, "x,x", "examples[3].task_labels[0].labels[1]")]
    [InlineData("", new[] { "default" }, "x,y", "examples[3].task_labels[0].labels")]
    [InlineData("z", new[] { "default" }, "x", "examples[3].task_labels[0]")]
    public void A_bad_task_label_names_its_field(string label, string[] tasks, string labels, string field)
    {
        var rows = tasks.Select(t => new TaskLabel(t, labels.Split(','))).ToArray();

        var error = Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckExample("text", label, Tenant, false, "examples[3]", tasks: rows));

        Assert.Equal(field, error.Field);
        Assert.StartsWith(field, error.Message);
    }

    [Fact]
    public void A_row_with_neither_label_nor_task_labels_is_refused_naming_label()
    {
        var error = Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckExample("text", " ", Tenant, false, "examples[2]", tasks: []));

        Assert.Equal("examples[2].label", error.Field);
        Assert.Contains("label is empty", error.Message);
    }

    [Theory]
    [InlineData(new[] { "topic", "" }, "tasks[1]")]
    [InlineData(new[] { "topic", "topic" }, "tasks[1]")]
    [InlineData(new[] { "*", "topic" }, "tasks")]
    public void A_bad_classify_task_list_names_its_field(string[] tasks, string field)
    {
        Assert.Equal(field, Assert.Throws<InvalidRequestException>(() => ClassifyTasks.Check(tasks)).Field);
    }

    [Fact]
    public void Classify_tasks_are_checked_in_order_and_star_alone_passes()
    {
        Assert.Equal(["tags", "topic"], ClassifyTasks.Check(["tags", "topic"]));
        Assert.Equal([TaskNames.All], ClassifyTasks.Check([TaskNames.All]));
    }

    [Fact]
    public void Each_texts_task_answers_nest_under_one_classification_describing_the_text()
    {
        ClassifyResult[] answers =
        [
            new("billing", [new("billing", 0.9f), new("sales", 0.1f)], 3, false, Windows: 2, PredictionId: "p1", Task: "topic"),
            new("refund", [new("refund", 0.8f), new("mobile", 0.6f), new("web", 0.1f)], 1, false, Windows: 2, Task: "tags", Chosen: ["refund", "mobile"]),
            new("", [new("web", 0.2f)], 1, false, Windows: 2, Task: "flags", Chosen: []),
        ];

        var text = ClassifyTasks.ToProto(answers, cut: true);

        Assert.Equal("", text.Label);
        Assert.Empty(text.Probabilities);
        Assert.True(text.Truncated);
        Assert.Equal(2, text.Windows);
        Assert.Equal(["topic", "tags", "flags"], text.Tasks.Select(t => t.Task));
        Assert.Equal(("billing", 3, "p1"), (text.Tasks[0].Label, text.Tasks[0].HeadVersion, text.Tasks[0].PredictionId));
        Assert.Empty(text.Tasks[0].Labels);
        Assert.Equal(["refund", "mobile"], text.Tasks[1].Labels);
        Assert.Equal(("", 0), (text.Tasks[2].Label, text.Tasks[2].Labels.Count));
        Assert.All(text.Tasks, t => Assert.True(t.Truncated));
    }

    [Fact]
    public void Multi_label_metrics_jobs_heads_and_tasks_map_to_the_wire()
    {
        var metrics = new HoldoutMetrics(0.5, 0.6, 40, ["refund", "mobile"], [], MicroF1: 0.7, ExactMatch: 0.5,
            PerLabel: [new("refund", 0.8, 0.75, 0.77, 12, 0.35), new("mobile", 0.5, 0.4, 0.44, 5, 0.5)]);
        var proto = metrics.ToProto()!;
        Assert.Equal((0.7, 0.5, 0.6), (proto.MicroF1, proto.ExactMatch, proto.MacroF1));
        Assert.Empty(proto.Confusion);
        Assert.Equal(["refund", "mobile"], proto.PerLabel.Select(l => l.Label));
        Assert.Equal((0.8, 0.75, 0.77, 12, 0.35), (proto.PerLabel[0].Precision, proto.PerLabel[0].Recall, proto.PerLabel[0].F1, proto.PerLabel[0].Support, proto.PerLabel[0].Threshold));

        var job = new TrainingJobInfo("j", JobState.Succeeded, 1, "", TrainingMode.Full, 2, true, metrics, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Task: "tags");
        Assert.Equal("tags", job.ToProto().Task);
        Assert.Equal("", (job with { Task = null }).ToProto().Task);

        var task = new TaskInfo("tags", TaskKind.MultiLabel, 3, 120, 2, DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        var summary = task.ToProto();
        Assert.Equal(("tags", Api.TaskKind.MultiLabel, 3, 120L, 2, 1_000L), (summary.Task, summary.Kind, summary.Labels, summary.Examples, summary.ActiveHeadVersion, summary.CreatedUnixMs));
        Assert.Equal(4, (Tenant with { Tasks = 4 }).ToSummary().Tasks);
    }

    [Fact]
    public void Task_fields_empty_mean_the_default_task_and_unknown_kinds_name_kind()
    {
        Assert.Null("".TaskOrNull());
        Assert.Equal("tags", "tags".TaskOrNull());
        Assert.Equal(TaskKind.MultiLabel, Api.TaskKind.MultiLabel.FromProto());
        Assert.Equal("kind", Assert.Throws<InvalidRequestException>(() => ((Api.TaskKind)7).FromProto()).Field);
        var wire = new[] { new Api.TaskLabel { Task = "tags", Labels = { "a", "b" } } }.FromProto();
        Assert.Equal(["a", "b"], Assert.Single(wire).Labels);
    }

    [Fact]
    public async Task An_http_jsonl_import_body_carries_each_rows_task_labels()
    {
        var body = new StringReader("{\"text\":\"refund please\",\"labels\":{\"topic\":\"billing\",\"tags\":[\"refund\"]}}\n{\"text\":\"hi\",\"label\":\"greeting\"}\n");
        var rows = new List<ImportRow>();
        await foreach (var row in ImportBodyReader.Read(LabeledRowFormat.Jsonl, body, 1 << 20, new LabeledRowReaderOptions(), CancellationToken.None)) rows.Add(row);

        Assert.Equal(["", "greeting"], rows.Select(r => r.Label));
        Assert.Equal(["topic", "tags"], rows[0].Tasks!.Select(t => t.Task));
        Assert.Equal(["refund"], rows[0].Tasks![1].Labels);
        Assert.Null(rows[1].Tasks);
    }

    [Fact]
    public async Task A_malformed_labels_object_in_an_http_body_names_line_and_field()
    {
        var body = new StringReader("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"labels\":{\"tags\":[1]}}\n");

        var error = await Assert.ThrowsAsync<MalformedRowException>(async () =>
        {
            await foreach (var _ in ImportBodyReader.Read(LabeledRowFormat.Jsonl, body, 1 << 20, new LabeledRowReaderOptions(), CancellationToken.None)) { }
        });

        Assert.Equal(2, error.Line);
        Assert.Equal("labels.tags", error.Field);
    }
}
