using LLMEmbed.Cli.Client;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Data;
using LLMEmbed.Formats;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>The `llmembed` client's task options and its rendering of task answers and multi-label metrics (no gateway needed).</summary>
public sealed class TaskCommandsTests
{
    [Fact]
    public void Tasks_create_takes_a_kind_and_labels_and_bad_ones_are_named()
    {
        var create = TasksCommand.Create().Parse(["create", "tags", "--kind", "multi_label", "--labels", "refund, mobile", "--tenant", "t"]);
        Assert.Empty(create.Errors);
        Assert.Equal("tags", create.GetValue<string>("name"));
        Assert.Equal(TaskKind.MultiLabel, TasksCommand.ParseKind(create.GetValue<string>("--kind")!));
        Assert.Equal(["refund", "mobile"], TasksCommand.ParseLabels(create.GetValue<string?>("--labels")));
        Assert.Equal(TaskKind.SingleLabel, TasksCommand.ParseKind("single-label"));
        Assert.Empty(TasksCommand.ParseLabels(null));

        Assert.Contains("--kind", Assert.Throws<ArgumentException>(() => TasksCommand.ParseKind("softmax")).Message);
        Assert.Contains("--labels", Assert.Throws<ArgumentException>(() => TasksCommand.ParseLabels("a,,b")).Message);
        Assert.Empty(TasksCommand.Create().Parse(["list", "--json", "--tenant", "t"]).Errors);
        Assert.Empty(TasksCommand.Create().Parse(["delete", "tags", "--tenant", "t"]).Errors);
    }

    [Theory]
    [InlineData("labels", "set", "a", "b")]
    [InlineData("labels", "add", "a")]
    [InlineData("labels", "rename", "a", "b")]
    [InlineData("labels", "retire", "a")]
    [InlineData("labels", "list")]
    [InlineData("heads", "list")]
    [InlineData("heads", "promote", "2")]
    [InlineData("heads", "rollback")]
    [InlineData("examples", "count")]
    [InlineData("train")]
    public void Task_scoped_commands_take_task(params string[] args)
    {
        var command = args[0] switch
        {
            "labels" => LabelsCommand.Create(),
            "heads" => HeadsCommand.Create(),
            "examples" => ExamplesCommand.Create(),
            _ => TrainCommand.Create(),
        };
        var parse = command.Parse([.. args.Skip(1), "--task", "tags", "--tenant", "t"]);

        Assert.Empty(parse.Errors);
        Assert.Equal("tags", parse.GetValue<string?>("--task"));
    }

    [Fact]
    public void Labels_describe_takes_no_task_as_descriptions_are_the_default_tasks()
    {
        Assert.NotEmpty(LabelsCommand.Create().Parse(["describe", "--label", "a", "--description", "b", "--task", "tags", "--tenant", "t"]).Errors);
    }

    [Fact]
    public void Classify_task_repeats_in_order_and_bad_lists_are_refused()
    {
        var parse = ClassifyCommand.Create().Parse(["a text", "--task", "topic", "--task", "tags", "--tenant", "t"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["topic", "tags"], ClassifyCommand.ParseTasks(parse.GetValue<string[]>("--task")!));
        Assert.Equal(["*"], ClassifyCommand.ParseTasks(["*"]));
        Assert.Empty(ClassifyCommand.ParseTasks([]));

        Assert.Throws<ArgumentException>(() => ClassifyCommand.ParseTasks(["a", "a"]));
        Assert.Throws<ArgumentException>(() => ClassifyCommand.ParseTasks(["*", "a"]));
        Assert.Throws<ArgumentException>(() => ClassifyCommand.ParseTasks([" "]));
    }

    [Fact]
    public void Task_answers_show_single_labels_chosen_labels_and_none()
    {
        var text = new Classification { Windows = 1 };
        text.Tasks.Add(new Classification { Task = "topic", Label = "billing", HeadVersion = 3, Source = "head", Probabilities = { new LabelProbability { Label = "billing", Probability = 0.9f } } });
        text.Tasks.Add(new Classification { Task = "tags", Label = "refund", Labels = { "refund", "mobile" }, HeadVersion = 1, Source = "head",
            Probabilities = { new LabelProbability { Label = "refund", Probability = 0.8f }, new LabelProbability { Label = "mobile", Probability = 0.6f } } });
        text.Tasks.Add(new Classification { Task = "flags", HeadVersion = 1, Source = "head", Probabilities = { new LabelProbability { Label = "urgent", Probability = 0.1f } } });
        var output = new StringWriter();

        TaskAnswers.Write(Consoles.Create(output, redirected: true), ["my card was charged twice"], [text]);

        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("my card was charged twice") && l.Contains("topic") && l.Contains("billing 0.900"));
        Assert.Contains(lines, l => l.Contains("tags") && l.Contains("refund, mobile") && l.Contains("mobile 0.600"));
        Assert.Contains(lines, l => l.Contains("flags") && l.Contains("(none)") && l.Contains("urgent 0.100"));

        var json = TaskAnswers.ToJson("t", text);
        var tasks = (Dictionary<string, object>[])json["tasks"];
        Assert.Equal(["refund", "mobile"], (string[])tasks[1]["labels"]);
        Assert.Equal("flags", tasks[2]["task"]);
    }

    [Fact]
    public void Multi_label_metrics_show_micro_f1_exact_match_and_per_label_scores_without_a_confusion_matrix()
    {
        var job = new Job
        {
            JobId = "j1", Task = "tags", HeadVersion = 2, Promoted = true,
            Metrics = new Metrics
            {
                Accuracy = 0.55, ExactMatch = 0.55, MicroF1 = 0.812, MacroF1 = 0.64, HoldoutSize = 40, Labels = { "refund", "mobile" },
                PerLabel = { new LabelMetrics { Label = "refund", Precision = 0.9, Recall = 0.8, F1 = 0.847, Support = 12, Threshold = 0.35 } },
            },
        };
        var output = new StringWriter();

        MetricsTable.Write(Consoles.Create(output, redirected: true), job);

        var text = output.ToString();
        Assert.Contains("task tags", text);
        Assert.Contains("micro F1", text);
        Assert.Contains("exact match", text);
        Assert.Contains("0.812", text);
        Assert.Contains(text.Split('\n'), l => l.Contains("refund") && l.Contains("0.900") && l.Contains("0.847") && l.Contains("12") && l.Contains("0.35"));
        Assert.DoesNotContain("confusion", text);
    }

    [Fact]
    public void Single_label_metrics_keep_accuracy_and_the_confusion_matrix()
    {
        var job = new Job { JobId = "j2", Metrics = new Metrics { Accuracy = 0.9, MacroF1 = 0.88, HoldoutSize = 10, Labels = { "a", "b" }, Confusion = { 4, 1, 0, 5 } } };
        var output = new StringWriter();

        MetricsTable.Write(Consoles.Create(output, redirected: true), job);

        Assert.False(MetricsTable.IsMultiLabel(job.Metrics));
        Assert.Contains("confusion", output.ToString());
        Assert.DoesNotContain("micro F1", output.ToString());
    }

    [Fact]
    public void Import_sends_row_task_labels_and_add_labels_lists_them_per_task()
    {
        var rows = new[]
        {
            new LabeledText("a", "support") { Tasks = [new RowTaskLabels("tags", ["refund", "mobile"])] },
            new LabeledText("b", "") { Tasks = [new RowTaskLabels("tags", ["refund"]), new RowTaskLabels("topic", ["billing"])] },
            new LabeledText("c", "sales"),
        };

        var example = ImportCommand.ToExample("a", rows[0]);
        Assert.Equal("support", example.Label);
        Assert.Equal(["refund", "mobile"], Assert.Single(example.TaskLabels).Labels);

        var perTask = ImportCommand.LabelsPerTask(rows);
        Assert.Equal(["", "tags", "topic"], perTask.Select(t => t.Task));
        Assert.Equal(["support", "sales"], perTask[0].Labels);
        Assert.Equal(["refund", "mobile"], perTask[1].Labels);
        Assert.Equal(["billing"], perTask[2].Labels);
    }
}
