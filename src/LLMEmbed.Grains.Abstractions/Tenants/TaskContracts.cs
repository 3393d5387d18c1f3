namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>What a task answers: one label per text (softmax), or any number, none included (one-vs-rest).</summary>
[Alias("llmembed.tenant.TaskKind")]
public enum TaskKind { SingleLabel = 0, MultiLabel = 1 }

public static class TaskNames
{
    /// <summary>The task every tenant has: the one calls without a task use (all of a tenant's data before tasks existed).</summary>
    public const string Default = "default";

    /// <summary>In a classify request: every task, the default one first.</summary>
    public const string All = "*";

    /// <summary>Null or empty means the default task.</summary>
    public static string OrDefault(string? task) => string.IsNullOrEmpty(task) ? Default : task;

    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.SingleLabel => "single_label",
        TaskKind.MultiLabel => "multi_label",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TaskInfo")]
public sealed record TaskInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] TaskKind Kind,
    // Labels that are not retired.
    [property: Id(2)] int Labels,
    // Stored rows labelled for the task (a multi-label row labelled "none of these" counts).
    [property: Id(3)] long Examples,
    [property: Id(4)] int ActiveHeadVersion,
    [property: Id(5)] DateTimeOffset Created);

/// <summary>A row's labels for one named task: exactly one for a single-label task, any number (none = "none of these") for a multi-label one.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TaskLabel")]
public sealed record TaskLabel(
    [property: Id(0)] string Task,
    [property: Id(1)] string[] Labels);

/// <summary>One label's holdout scores and the decision threshold its head uses (multi-label tasks).</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.LabelMetrics")]
public sealed record LabelMetrics(
    [property: Id(0)] string Label,
    [property: Id(1)] double Precision,
    [property: Id(2)] double Recall,
    [property: Id(3)] double F1,
    [property: Id(4)] int Support,
    [property: Id(5)] double Threshold);
