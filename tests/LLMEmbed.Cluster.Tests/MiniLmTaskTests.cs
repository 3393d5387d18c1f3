using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Several tasks over one tenant's rows, on the real MiniLM backbone and real Reuters stories: the default task routes
/// (crude / earn / money-fx), a multi-label task tags (oil, money; earnings stories carry neither) and a single-label
/// task triages (earn or other). Rows are labelled for all three at once and stored once; one ClassifyTasks answers all
/// three from one backbone pass per text.
/// </summary>
[Collection(MiniLmClusterCollection.Name)]
public class MiniLmTaskTests(MiniLmClusterFixture fixture)
{
    private static readonly IReadOnlyList<(string Text, string Label, string Split)> Reuters = TenantKit.Reuters();

    private ITenantGrain Tenant(string id) => fixture.Cluster.Client.GetGrain<ITenantGrain>(id);

    private IBackboneReplicaGrain Replica() => fixture.Cluster.Client.GetGrain<IBackboneReplicaGrain>(
        ReplicaKey.Format("minilm-l6", fixture.Cluster.Silos[0].SiloAddress));

    private static string[] Tags(string topic) => topic switch { "crude" => ["oil"], "money-fx" => ["money"], _ => [] };

    private static LabeledExample Row((string Text, string Label, string Split) r) =>
        new(r.Text, r.Label, Tasks: [new TaskLabel("tags", Tags(r.Label)), new TaskLabel("triage", [r.Label == "earn" ? "earn" : "other"])]);

    private static async Task Add(ITenantGrain tenant, LabeledExample[] rows)
    {
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        foreach (var chunk in rows.Chunk(perCall)) await tenant.AddExamples(chunk, truncate: true);
    }

    private static async Task<ITenantGrain> Prepared(ITenantGrain tenant)
    {
        await tenant.Create(TenantKit.Settings("last"));
        await tenant.SetLabels(["crude", "earn", "money-fx"]);
        await tenant.CreateTask("tags", TaskKind.MultiLabel, ["oil", "money"]);
        await tenant.CreateTask("triage", TaskKind.SingleLabel, ["earn", "other"]);
        await Add(tenant, Reuters.Where(r => r.Split == "train").Select(Row).ToArray());
        return tenant;
    }

    [Fact]
    public async Task Rows_labelled_for_three_tasks_are_stored_once_and_one_pass_answers_every_task()
    {
        var tenant = await Prepared(Tenant("tasks-three"));
        // 120 rows stored once, each labelled for every task.
        Assert.Equal(120, (await tenant.Describe()).Examples);
        var tasks = await tenant.ListTasks();
        Assert.Equal(["default", "tags", "triage"], tasks.Select(t => t.Name));
        Assert.All(tasks, t => Assert.Equal(120, t.Examples));
        Assert.Equal(40, (await tenant.CountExamples("tags")).PerLabel["oil"]);
        Assert.Equal(80, (await tenant.CountExamples("triage")).PerLabel["other"]);

        var topic = await TenantKit.Train(tenant);
        var tags = await TenantKit.Train(tenant, task: "tags");
        var triage = await TenantKit.Train(tenant, task: "triage");
        Assert.True(topic.Metrics!.Accuracy >= 0.8, $"topic holdout accuracy {topic.Metrics.Accuracy}");
        Assert.True(tags.Metrics!.MicroF1 >= 0.8, $"tags holdout micro-F1 {tags.Metrics.MicroF1}");
        Assert.Equal(["oil", "money"], tags.Metrics.PerLabel!.Select(l => l.Label));
        Assert.All(tags.Metrics.PerLabel!, l => Assert.InRange(l.Threshold, 0.0, 1.0));
        Assert.Equal("tags", tags.Task);
        Assert.True(triage.Metrics!.Accuracy >= 0.8, $"triage holdout accuracy {triage.Metrics.Accuracy}");
        Assert.Equal([1], (await tenant.ListHeads("tags")).Select(h => h.Version));
        Assert.Equal("tags", (await tenant.ListHeads("tags")).Single().Task);

        // Other tests of the collection classify these stories too: a suffix makes them texts the fusion cache has not seen.
        var test = Reuters.Where(r => r.Split == "test").Select(r => r with { Text = r.Text + " (desk copy)" }).ToArray();
        var perCall = (await tenant.Describe()).TextsPerGrainCall;
        var before = (await Replica().Describe())!;
        var answers = new List<ClassifyResult[]>();
        foreach (var chunk in test.Chunk(perCall))
            answers.AddRange(await tenant.ClassifyTasks(chunk.Select(r => r.Text).ToArray(), ["default", "tags", "triage"], 0, truncate: true));
        var after = (await Replica().Describe())!;
        // The test stories were never embedded before: exactly one backbone pass each, for three tasks.
        Assert.Equal(test.Length, after.Sequences - before.Sequences);

        Assert.All(answers, a => Assert.Equal(["default", "tags", "triage"], a.Select(r => r.Task)));
        double Share(Func<(string Text, string Label, string Split), ClassifyResult[], bool> right) =>
            test.Zip(answers).Count(p => right(p.First, p.Second)) / (double)test.Length;
        Assert.True(Share((r, a) => a[0].Label == r.Label) >= 0.85, "topic");
        Assert.True(Share((r, a) => a[1].Chosen!.Order().SequenceEqual(Tags(r.Label).Order())) >= 0.8, "tags exact match");
        Assert.True(Share((r, a) => a[2].Label == (r.Label == "earn" ? "earn" : "other")) >= 0.85, "triage");
        // Earnings stories carry no tag: most are answered with none, the probabilities still given.
        var earn = test.Zip(answers).Where(p => p.First.Label == "earn").Select(p => p.Second[1]).ToArray();
        Assert.True(earn.Count(r => r.Chosen!.Length == 0 && r.Label == "") >= earn.Length * 0.8, "none of these");
        Assert.All(earn, r => Assert.Equal(2, r.Probabilities.Length));

        // "*" = every task, the default first; top_k caps the labels returned.
        var all = await tenant.ClassifyTasks([test[0].Text], [TaskNames.All], 1, truncate: true);
        Assert.Equal(["default", "tags", "triage"], all[0].Select(r => r.Task));
        Assert.All(all[0], r => Assert.Single(r.Probabilities));
    }

    [Fact]
    public async Task A_task_has_its_own_head_versions_and_bad_task_input_is_refused_by_field()
    {
        var tenant = await Prepared(Tenant("tasks-versions"));
        await TenantKit.Train(tenant, task: "tags");
        var second = await TenantKit.Train(tenant, force: true, task: "tags");
        Assert.Equal(2, second.HeadVersion);
        Assert.Empty(await tenant.ListHeads()); // the default task trained nothing
        await tenant.Rollback(0, "tags");
        Assert.Equal(1, (await tenant.ListTasks()).Single(t => t.Name == "tags").ActiveHeadVersion);

        var text = Reuters[0].Text;
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => tenant.ClassifyTasks([text], ["nope"], 0, true));
        Assert.Contains("nope", unknown.Message);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => tenant.ClassifyTasks([text], ["triage"], 0, true));
        // "*" answers the tasks that have a head (only tags here): an untrained task does not break it.
        var all = await tenant.ClassifyTasks([text], [TaskNames.All], 0, true);
        Assert.Equal(["tags"], all[0].Select(r => r.Task));
        var two = await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples(
            [new LabeledExample(text, "crude", Tasks: [new TaskLabel("triage", ["earn", "other"])])], truncate: true));
        Assert.Equal("examples[0].labels.triage", two.Field);
        var other = await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples(
            [new LabeledExample(text, "crude", Tasks: [new TaskLabel("tags", ["earn"])])], truncate: true));
        Assert.Contains("belongs to task 'default'", other.Message);
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.AddExamples(
            [new LabeledExample(text, "crude", Tasks: [new TaskLabel("missing", ["x"])])], truncate: true));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => tenant.CreateTask("tags", TaskKind.SingleLabel, []));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.StartTraining(new TrainingRequest(TrainingMode.Full, HeadKindContract.Mlp, false, "tags")));
        Assert.Equal(120, (await tenant.Describe()).Examples); // nothing refused was stored

        // A row labelled for a named task only is stored with no default label.
        await tenant.AddExamples([new LabeledExample(text + " (tags only)", "", Tasks: [new TaskLabel("tags", [])])], truncate: true);
        Assert.Equal(121, (await tenant.ListTasks()).Single(t => t.Name == "tags").Examples);
        Assert.Equal(120, (await tenant.ListTasks()).Single(t => t.Name == "default").Examples);

        // Deleting a row takes it out of every task's counts (and training).
        var triageBefore = (await tenant.ListTasks()).Single(t => t.Name == "triage").Examples;
        var first = (await tenant.ListExamples(new ExampleQuery(1))).Examples.Single();
        Assert.Equal(1, await tenant.DeleteExamples([first.Id], null));
        Assert.Equal(triageBefore - 1, (await tenant.ListTasks()).Single(t => t.Name == "triage").Examples);
        Assert.Equal(120, (await tenant.ListTasks()).Single(t => t.Name == "tags").Examples);

        await tenant.DeleteTask("tags");
        Assert.Equal(["default", "triage"], (await tenant.ListTasks()).Select(t => t.Name));
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.ClassifyTasks([text], ["tags"], 0, true));
        await Assert.ThrowsAsync<InvalidRequestException>(() => tenant.DeleteTask("default"));
    }
}
