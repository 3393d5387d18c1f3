namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant's classifier: label set, examples, head versions. Keyed by tenant id. Its roles are
/// separate interfaces, so each caller names only the calls it makes (the gateway's services each use one).
/// Classify, Embed and ImportRows interleave with everything, so inference never waits for training
/// or for an example write. Each call that runs the backbones carries at most
/// <see cref="TenantInfo.TextsPerGrainCall"/> texts, so its model work is bounded; callers split
/// longer work into several calls. Texts arrive validated (the gateway checks them once).
/// A cancelled token drops the call's texts that have not reached a model run yet.
/// </summary>
[Alias("llmembed.tenant.ITenantGrain")]
public interface ITenantGrain : ITenantAdminGrain, ITenantLabelsGrain, ITenantExamplesGrain, ITenantTrainingGrain, ITenantInferenceGrain, ITenantTasksGrain, ITenantArchiveGrain;
