using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant's classifier: label set, examples, head versions. Keyed by tenant id.
/// Classify, Embed and ImportRows interleave with everything, so inference never waits for training
/// or for an example write. Each call that runs the backbones carries at most
/// <see cref="TenantInfo.TextsPerGrainCall"/> texts, so its model work is bounded; callers split
/// longer work into several calls. Texts arrive validated (the gateway checks them once).
/// A cancelled token drops the call's texts that have not reached a model run yet.
/// </summary>
[Alias("llmembed.tenant.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<TenantInfo> Create(TenantSettings settings);
    [AlwaysInterleave, Alias("Describe")] Task<TenantInfo> Describe();
    [Alias("Delete")] Task Delete();
    [Alias("RotateKey")] Task RotateKey(byte[] keyHash);
    /// <summary>
    /// Changes how long texts are read. Refused (FailedPrecondition) once the tenant stores examples:
    /// their features were made under the old setting and are not re-made.
    /// </summary>
    [Alias("ChangeLongText")] Task<TenantInfo> ChangeLongText(Backbones.LongTextSettings longText);
    /// <summary>Constant-time comparison of a presented key hash with the stored one.</summary>
    [AlwaysInterleave, Alias("Authorize")] Task<bool> Authorize(byte[] keyHash);

    [Alias("SetLabels")] Task<LabelInfo[]> SetLabels(string[] labels);
    [Alias("AddLabel")] Task<LabelInfo[]> AddLabel(string label);
    [Alias("RenameLabel")] Task<LabelInfo[]> RenameLabel(string label, string newName);
    [Alias("RetireLabel")] Task<LabelInfo[]> RetireLabel(string label);
    [AlwaysInterleave, Alias("ListLabels")] Task<LabelInfo[]> ListLabels(bool includeRetired);

    /// <summary>
    /// Checks the chunk's labels (an unknown or retired one fails the call before any model work),
    /// featurizes its rows and queues them in its stream; the stream's rows are stored in chunk order,
    /// through each <see cref="ImportChunk.Commit"/> chunk once every chunk before it is featurized.
    /// The reply counts the rows this call stored (0 while they wait). A chunk that fails stops the
    /// stream there: no later chunk is stored. A refusal by overloaded backbones
    /// (<c>BackboneOverloadedGrainException</c>) queues nothing and leaves the stream open: send the chunk again.
    /// </summary>
    [AlwaysInterleave, Alias("ImportRows")] Task<AddExamplesResult> ImportRows(ImportChunk chunk, CancellationToken cancellationToken = default);
    /// <summary>
    /// Ends an import stream: with <paramref name="store"/>, stores its queued rows that follow the
    /// stored ones without a gap (one write); the rest are dropped. Call it once no chunk of the stream is in flight.
    /// </summary>
    [Alias("EndImport")] Task<AddExamplesResult> EndImport(string stream, bool store);
    [AlwaysInterleave, Alias("GetImport")] Task<ImportProgress> GetImport(string importId);
    [AlwaysInterleave, Alias("CountExamples")] Task<ExampleCounts> CountExamples();

    [Alias("StartTraining")] Task<string> StartTraining(TrainingRequest request);
    [AlwaysInterleave, Alias("GetJob")] Task<TrainingJobInfo> GetJob(string jobId);
    [AlwaysInterleave, Alias("ListHeads")] Task<HeadVersionInfo[]> ListHeads();
    [Alias("Promote")] Task<HeadVersionInfo> Promote(int version);
    /// <summary>Version 0 = the version active before the current one.</summary>
    [Alias("Rollback")] Task<HeadVersionInfo> Rollback(int version);

    /// <summary><paramref name="topK"/> 0 = every label that is not retired.</summary>
    [AlwaysInterleave, Alias("Classify")] Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate, CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("Embed")] Task<byte[][]> Embed(string[] texts, bool truncate, CancellationToken cancellationToken = default);
}
