using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// How tasks are stored: records written before tasks (Fixtures/tenant-state-v13.bin, tenant-segment-v1.bin) read as
/// one default task with nothing lost, and named tasks' labels ride in row-aligned columns of the same segment.
/// </summary>
public sealed class TaskStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T Fixture<T>(string name) =>
        Assert.IsType<T>(Serializer.Deserialize<T>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))));

    private static T RoundTrip<T>(T value) => Assert.IsType<T>(Serializer.Deserialize<T>(Serializer.SerializeToArray(value)));

    [Fact]
    public void A_state_written_before_tasks_is_one_default_task_with_its_labels_and_counts()
    {
        var state = Fixture<TenantState>("tenant-state-v13.bin");
        var task = Assert.Single(TenantTasks.All(state));
        Assert.Equal(TaskNames.Default, task.Name);
        Assert.Equal(TaskKind.SingleLabel, task.Kind);
        Assert.Equal([("positive", 3L), ("negative", 2L)], task.Labels.Select(l => (l.Name, l.Examples)));
        Assert.Equal(5, task.Examples);
        Assert.Same(state.Labels, TenantTasks.Get(state, null).Labels);
        Assert.Equal(1, state.NextTaskKey);
        Assert.Throws<NotFoundException>(() => TenantTasks.Get(state, "tags"));
    }

    [Fact]
    public void A_segment_written_before_tasks_reads_its_default_labels_and_no_task_labels()
    {
        var segment = Fixture<TenantSegment>("tenant-segment-v1.bin");
        Assert.Null(segment.TaskColumns);
        Assert.Equal([0, 1, 0], Enumerable.Range(0, 3).Select(r => TaskRowReader.LabelKey(segment, 0, r)));
        Assert.All(Enumerable.Range(0, 3), r => Assert.Null(TaskRowReader.LabelSet(segment, 1, r)));

        // New rows labelled for a task grow a column that says "not labelled" for the old rows.
        var grown = segment.Append(2, new byte[2 * 2 * sizeof(float)], [SegmentLabelKeys.NamedTasksOnly, 1], ["a", "b"],
            tasks: [new NewTaskRows(1, MultiLabel: true, [[0, 2], []])]);
        var copy = RoundTrip(grown);
        Assert.Equal(5, copy.Count);
        Assert.Null(TaskRowReader.LabelSet(copy, 1, 0));
        Assert.Equal([0, 2], TaskRowReader.LabelSet(copy, 1, 3)!);
        Assert.Empty(TaskRowReader.LabelSet(copy, 1, 4)!); // "none of these" is a label set, not "not labelled"
        Assert.Equal(SegmentLabelKeys.NamedTasksOnly, TaskRowReader.LabelKey(copy, 0, 3));
        Assert.Equal(4, copy.Take(4).TaskColumns!.Single().Count);
    }

    [Fact]
    public void Columns_of_several_tasks_stay_row_aligned_across_appends_that_name_some_of_them()
    {
        var segment = new TenantSegment()
            .Append(1, new byte[2 * sizeof(float)], [0, 1], null, tasks: [new NewTaskRows(1, MultiLabel: false, [[1], null])])
            .Append(1, new byte[2 * sizeof(float)], [1, 0], null, tasks: [new NewTaskRows(2, MultiLabel: true, [null, [3]])])
            .Append(1, new byte[sizeof(float)], [0], null);
        Assert.All(segment.TaskColumns!, c => Assert.Equal(5, c.Count));
        Assert.Equal([1, -1, -1, -1, -1], Enumerable.Range(0, 5).Select(r => TaskRowReader.LabelKey(segment, 1, r)));
        Assert.Equal([null, null, null, "3", null], Enumerable.Range(0, 5).Select(r => TaskRowReader.LabelSet(segment, 2, r) is { } s ? string.Join(',', s) : null));
        // A deleted row is trained on by no task.
        var deleted = segment.WithRow(0, SegmentLabelKeys.Deleted, ExampleSource.Import);
        Assert.Equal(SegmentLabelKeys.Deleted, TaskRowReader.LabelKey(deleted, 1, 0));
    }

    [Fact]
    public void Task_rules_refuse_bad_names_duplicates_the_cap_and_deleting_the_default()
    {
        var state = new TenantState { Exists = true, Created = DateTimeOffset.UnixEpoch };
        var one = TenantTasks.Create(state, "tags", TaskKind.MultiLabel, [], maxTasks: 1);
        Assert.Equal(1, one.Tasks.Single().Key);
        Assert.Equal(2, one.NextTaskKey);
        Assert.Throws<AlreadyExistsException>(() => TenantTasks.Create(one, "tags", TaskKind.SingleLabel, [], 5));
        Assert.Throws<AlreadyExistsException>(() => TenantTasks.Create(one, "default", TaskKind.SingleLabel, [], 5));
        Assert.Throws<LimitExceededException>(() => TenantTasks.Create(one, "urgency", TaskKind.SingleLabel, [], 1));
        Assert.Equal("task", Assert.Throws<InvalidRequestException>(() => TenantTasks.Create(state, "has space", TaskKind.SingleLabel, [], 5)).Field);
        Assert.Throws<InvalidRequestException>(() => TenantTasks.Create(state, new string('x', 65), TaskKind.SingleLabel, [], 5));
        Assert.Throws<InvalidRequestException>(() => TenantTasks.Remove(one, TenantTasks.Default(one)));
        // Keys are never reused: a task created after a deletion gets a new one.
        var again = TenantTasks.Create(TenantTasks.Remove(one, one.Tasks[0]), "tags", TaskKind.MultiLabel, [], 1);
        Assert.Equal(2, again.Tasks.Single().Key);
        Assert.Equal(["default", "tags"], TenantTasks.Resolve(again, [TaskNames.All]).Select(t => t.Name));
        Assert.Throws<InvalidRequestException>(() => TenantTasks.Resolve(again, ["tags", "tags"]));
        Assert.Throws<InvalidRequestException>(() => TenantTasks.Resolve(again, []));
    }

    [Fact]
    public void Multi_label_promotion_compares_the_configured_metric()
    {
        static HoldoutMetrics M(double micro, double exact) => new(exact, 0.5, 10, ["a"], [], null, micro, exact);
        var better = new TrainingOutcome(null, M(0.9, 0.2), M(0.8, 0.6), 1, 10, Forced: false);
        Assert.True(PromotionRule.Decide(1, better, "micro_f1").Promote);
        Assert.False(PromotionRule.Decide(1, better, "exact_match").Promote);
        Assert.True(PromotionRule.Decide(0, better, "exact_match").Promote);
    }
}
