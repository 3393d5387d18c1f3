using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>A snapshot, taken on the grain's turn, of everything a background training run reads.</summary>
internal sealed record TrainingInput(
    TrainingRequest Request,
    int[] SegmentCounts,
    LabelRecord[] Labels,
    Head? Active,
    int ActiveVersion,
    TenantOptions Options);
