using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's training jobs and head versions.</summary>
[Alias("llmembed.tenant.ITenantTrainingGrain")]
public interface ITenantTrainingGrain : IGrainWithStringKey
{
    [Alias("StartTraining")] Task<string> StartTraining(TrainingRequest request);
    [AlwaysInterleave, Alias("GetJob")] Task<TrainingJobInfo> GetJob(string jobId);
    /// <summary>Stops a queued or running job; it ends Cancelled and its head, if one is still computed, is dropped.</summary>
    [Alias("CancelJob")] Task<TrainingJobInfo> CancelJob(string jobId);
    [AlwaysInterleave, Alias("ListHeads")] Task<HeadVersionInfo[]> ListHeads(string? task = null);
    [Alias("Promote")] Task<HeadVersionInfo> Promote(int version, string? task = null);
    /// <summary>Version 0 = the version active before the current one.</summary>
    [Alias("Rollback")] Task<HeadVersionInfo> Rollback(int version, string? task = null);
}
