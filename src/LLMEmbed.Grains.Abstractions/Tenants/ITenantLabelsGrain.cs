using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's label set.</summary>
[Alias("llmembed.tenant.ITenantLabelsGrain")]
public interface ITenantLabelsGrain : IGrainWithStringKey
{
    // task: null = the default task.
    [Alias("SetLabels")] Task<LabelInfo[]> SetLabels(string[] labels, string? task = null);
    [Alias("AddLabel")] Task<LabelInfo[]> AddLabel(string label, string? task = null);
    [Alias("RenameLabel")] Task<LabelInfo[]> RenameLabel(string label, string newName, string? task = null);
    [Alias("RetireLabel")] Task<LabelInfo[]> RetireLabel(string label, string? task = null);
    [Alias("DescribeLabel")] Task<LabelInfo[]> DescribeLabel(string label, string? description, CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("ListLabels")] Task<LabelInfo[]> ListLabels(bool includeRetired, string? task = null);
}
