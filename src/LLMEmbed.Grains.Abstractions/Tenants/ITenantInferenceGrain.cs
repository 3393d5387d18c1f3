using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>Inference on a tenant's active head and recipe; interleaves with everything.</summary>
[Alias("llmembed.tenant.ITenantInferenceGrain")]
public interface ITenantInferenceGrain : IGrainWithStringKey
{
    /// <summary><paramref name="topK"/> 0 = every label that is not retired.</summary>
    [AlwaysInterleave, Alias("Classify")] Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate, CancellationToken cancellationToken = default);
    /// <summary>
    /// Each text's answer for every task named (<see cref="TaskNames.All"/> = all, the default first), in that order, from one
    /// fusion of the text: [text][task]. Unknown task: NotFound naming it; a task without an active head: FailedPrecondition.
    /// </summary>
    [AlwaysInterleave, Alias("ClassifyTasks")] Task<ClassifyResult[][]> ClassifyTasks(string[] texts, string[] tasks, int topK, bool truncate, CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("Embed")] Task<byte[][]> Embed(string[] texts, bool truncate, CancellationToken cancellationToken = default);
}
