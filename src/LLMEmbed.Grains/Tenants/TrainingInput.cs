using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>A snapshot, taken on the grain's turn, of everything a background training run reads.</summary>
/// <param name="ActiveTrainedThrough">Rows per segment the active head was trained on (null: unknown, e.g. heads from before this was recorded).</param>
internal sealed record TrainingInput(
    TrainingRequest Request,
    int[] SegmentCounts,
    LabelInfo[] Labels,
    Head? Active,
    int ActiveVersion,
    TenantOptions Options,
    int[]? ActiveTrainedThrough = null,
    double ScopeTargetCoverage = 0.95,
    // The task trained: key 0 reads the segments' default labels, others their task columns.
    int Task = 0,
    // Threads the run may use (Training:ThreadsPerRun); heads do not depend on it.
    int Threads = 1);
