using LLMEmbed.Grains.Abstractions.Fusion;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant's classifier: label set, examples, head versions. Keyed by tenant id.
/// Classify, Embed and Featurize interleave with everything, so inference never waits for training
/// or for an example write. Each call that runs the backbones carries at most
/// <see cref="TenantInfo.TextsPerGrainCall"/> texts, so its model work is bounded; callers split
/// longer work into several calls. Texts arrive validated (the gateway checks them once).
/// A cancelled token drops the call's texts that have not reached a model run yet.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    Task<TenantInfo> Create(TenantSettings settings);
    [AlwaysInterleave] Task<TenantInfo> Describe();
    Task Delete();
    Task RotateKey(byte[] keyHash);
    /// <summary>
    /// Changes how long texts are read. Refused (FailedPrecondition) once the tenant stores examples:
    /// their features were made under the old setting and are not re-made.
    /// </summary>
    Task<TenantInfo> ChangeLongText(Backbones.LongTextSettings longText);
    /// <summary>Constant-time comparison of a presented key hash with the stored one.</summary>
    [AlwaysInterleave] Task<bool> Authorize(byte[] keyHash);

    Task<LabelInfo[]> SetLabels(string[] labels);
    Task<LabelInfo[]> AddLabel(string label);
    Task<LabelInfo[]> RenameLabel(string label, string newName);
    Task<LabelInfo[]> RetireLabel(string label);
    [AlwaysInterleave] Task<LabelInfo[]> ListLabels(bool includeRetired);

    /// <summary>Featurize and commit in one call (at most TextsPerGrainCall examples).</summary>
    Task<AddExamplesResult> AddExamples(LabeledExample[] examples, bool truncate, CancellationToken cancellationToken = default);
    /// <summary>
    /// The examples' vectors under the tenant's recipe; changes nothing. Labels are checked first
    /// (unknown or retired ones fail the call before any model work).
    /// </summary>
    [AlwaysInterleave] Task<FusedBatch> Featurize(LabeledExample[] examples, bool truncate, CancellationToken cancellationToken = default);
    /// <summary>Stores featurized examples in one write (with the import's progress, when it names one).</summary>
    Task<AddExamplesResult> CommitExamples(ExampleCommit commit);
    [AlwaysInterleave] Task<ImportProgress> GetImport(string importId);
    [AlwaysInterleave] Task<ExampleCounts> CountExamples();

    Task<string> StartTraining(TrainingRequest request);
    [AlwaysInterleave] Task<TrainingJobInfo> GetJob(string jobId);
    [AlwaysInterleave] Task<HeadVersionInfo[]> ListHeads();
    Task<HeadVersionInfo> Promote(int version);
    /// <summary>Version 0 = the version active before the current one.</summary>
    Task<HeadVersionInfo> Rollback(int version);

    /// <summary><paramref name="topK"/> 0 = every label that is not retired.</summary>
    [AlwaysInterleave] Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate, CancellationToken cancellationToken = default);
    [AlwaysInterleave] Task<byte[][]> Embed(string[] texts, bool truncate, CancellationToken cancellationToken = default);
}
