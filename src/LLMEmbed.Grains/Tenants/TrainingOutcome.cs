using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// What a finished background training run hands back to the tenant grain's turn: a single-label head itself (not its bytes),
/// or a multi-label task's head as its serializer bytes (<see cref="MultiLabelHead"/>; <see cref="Head"/> then null).
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TrainingOutcome")]
public sealed record TrainingOutcome(
    [property: Id(0), Immutable] Head? Head,
    [property: Id(1)] HoldoutMetrics Metrics,
    [property: Id(2)] HoldoutMetrics? ActiveMetrics,
    [property: Id(3)] int ComparedWithVersion,
    [property: Id(4)] long Examples,
    [property: Id(5)] bool Forced,
    [property: Id(6)] int[]? TrainedThrough = null,
    // The head's guard: calibration and scope figures, and its reference rows (ReferenceRowsSerializer bytes).
    [property: Id(7)] HeadCalibration? Calibration = null,
    [property: Id(8)] HeadScope? Scope = null,
    [property: Id(9)] byte[]? ReferenceRows = null,
    [property: Id(10)] byte[]? MultiLabelHead = null,
    // Key of the task trained (0 = default).
    [property: Id(11)] int Task = 0);
