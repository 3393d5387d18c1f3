using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's label set.</summary>
[Alias("llmembed.tenant.ITenantLabelsGrain")]
public interface ITenantLabelsGrain : IGrainWithStringKey
{
    [Alias("SetLabels")] Task<LabelInfo[]> SetLabels(string[] labels);
    [Alias("AddLabel")] Task<LabelInfo[]> AddLabel(string label);
    [Alias("RenameLabel")] Task<LabelInfo[]> RenameLabel(string label, string newName);
    [Alias("RetireLabel")] Task<LabelInfo[]> RetireLabel(string label);
    [Alias("DescribeLabel")] Task<LabelInfo[]> DescribeLabel(string label, string? description, CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("ListLabels")] Task<LabelInfo[]> ListLabels(bool includeRetired);
}
