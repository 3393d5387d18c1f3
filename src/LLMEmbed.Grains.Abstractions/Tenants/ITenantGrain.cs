using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant's classifier: label set, examples, head versions. Keyed by tenant id.
/// Classify and Embed interleave with everything, so inference never waits for training
/// or for an example write.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    Task<TenantInfo> Create(TenantSettings settings);
    [AlwaysInterleave] Task<TenantInfo> Describe();
    Task Delete();
    Task RotateKey(byte[] keyHash);
    /// <summary>Constant-time comparison of a presented key hash with the stored one.</summary>
    [AlwaysInterleave] Task<bool> Authorize(byte[] keyHash);

    Task<LabelInfo[]> SetLabels(string[] labels);
    Task<LabelInfo[]> AddLabel(string label);
    Task<LabelInfo[]> RenameLabel(string label, string newName);
    Task<LabelInfo[]> RetireLabel(string label);
    [AlwaysInterleave] Task<LabelInfo[]> ListLabels(bool includeRetired);

    Task<AddExamplesResult> AddExamples(LabeledExample[] examples, bool truncate);
    [AlwaysInterleave] Task<ExampleCounts> CountExamples();

    Task<string> StartTraining(TrainingRequest request);
    [AlwaysInterleave] Task<TrainingJobInfo> GetJob(string jobId);
    [AlwaysInterleave] Task<HeadVersionInfo[]> ListHeads();
    Task<HeadVersionInfo> Promote(int version);
    /// <summary>Version 0 = the version active before the current one.</summary>
    Task<HeadVersionInfo> Rollback(int version);

    [AlwaysInterleave] Task<ClassifyResult[]> Classify(string[] texts, int topK, bool truncate);
    [AlwaysInterleave] Task<byte[][]> Embed(string[] texts, bool truncate);
}
