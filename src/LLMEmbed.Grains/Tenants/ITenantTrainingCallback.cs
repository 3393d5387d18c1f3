namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// How a tenant's background training run reports back: as a message to the tenant grain itself,
/// so storing the head and swapping the active version is an ordinary, non-interleaved turn.
/// </summary>
[Alias("llmembed.tenant.ITenantTrainingCallback")]
public interface ITenantTrainingCallback : IGrainWithStringKey
{
    [Alias("TrainingSucceeded")] Task TrainingSucceeded(string jobId, TrainingOutcome outcome);
    [Alias("TrainingFailed")] Task TrainingFailed(string jobId, string message);
}
