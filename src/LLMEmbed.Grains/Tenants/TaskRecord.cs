using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// One task of a tenant: its label set, head versions and active head. Named tasks are stored in
/// <see cref="TenantState.Tasks"/>; the default task (key 0) is the tenant's own top-level fields, so
/// tenants stored before tasks load as their default task unchanged (<see cref="TenantTasks"/> projects it).
/// A task's key is fixed when it is created and never reused: segments store row labels by task key.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TaskRecord")]
public sealed record TaskRecord
{
    [Id(0)] public int Key { get; init; }
    [Id(1)] public string Name { get; init; } = TaskNames.Default;
    [Id(2)] public TaskKind Kind { get; init; }
    [Id(3)] public DateTimeOffset Created { get; init; }
    /// <summary>Labels in creation order; a label's position is its stable key within the task.</summary>
    [Id(4)] public LabelInfo[] Labels { get; init; } = [];
    /// <summary>Stored rows labelled for this task (multi-label rows labelled "none of these" included).</summary>
    [Id(5)] public long Examples { get; init; }
    [Id(6)] public HeadRecord[] Heads { get; init; } = [];
    [Id(7)] public int ActiveVersion { get; init; }
    [Id(8)] public int[] PreviousActive { get; init; } = [];

    public bool IsDefault => Key == 0;
    public int NextHeadVersion => Heads.Length == 0 ? 1 : Heads.Max(h => h.Version) + 1;
}
