namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// The cluster's backbone replicas as this silo sees them (live backbone-host silos from membership
/// and silo metadata). A stateless worker: any silo answers.
/// </summary>
[Alias("llmembed.backbones.IBackboneFleetGrain")]
public interface IBackboneFleetGrain : IGrainWithIntegerKey
{
    /// <summary>Every live replica of every backbone that has been loaded anywhere, with its counters.</summary>
    [Alias("ListReplicas")]
    Task<BackboneInfo[]> ListReplicas();
}
