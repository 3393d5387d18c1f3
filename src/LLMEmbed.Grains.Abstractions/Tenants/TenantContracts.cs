using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Fusion;

namespace LLMEmbed.Grains.Abstractions.Tenants;

[GenerateSerializer, Immutable]
public sealed record TenantLimits(
    [property: Id(0)] int RequestsPerSecond,
    [property: Id(1)] int TextsPerCall,
    [property: Id(2)] long MaxExamples,
    [property: Id(3)] int MaxLabels)
{
    public static readonly TenantLimits Default = new(200, 256, 1_000_000, 1_000);
}

[GenerateSerializer, Immutable]
public sealed record TenantSettings(
    [property: Id(0)] string Recipe,
    [property: Id(1)] bool KeepTexts,
    [property: Id(2)] TenantLimits Limits,
    [property: Id(3)] byte[] KeyHash,
    // Null (records written before this setting existed) = the default, truncate.
    [property: Id(4)] LongTextSettings? LongText = null)
{
    public LongTextSettings LongTextOrDefault => LongText ?? LongTextSettings.Default;
}

[GenerateSerializer, Immutable]
public sealed record TenantInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Recipe,
    [property: Id(2)] int Labels,
    [property: Id(3)] long Examples,
    [property: Id(4)] int ActiveHeadVersion,
    [property: Id(5)] DateTimeOffset Created,
    [property: Id(6)] TenantLimits Limits,
    [property: Id(7)] bool KeepTexts,
    // Most texts one featurizing grain call (Classify, Embed, Featurize, AddExamples) may carry, so its
    // model work stays inside the per-call budget whatever the texts' lengths; callers split larger requests.
    [property: Id(8)] int TextsPerGrainCall = 1,
    // The smallest token limit among the recipe's backbones: longer texts are refused unless truncated.
    [property: Id(9)] int MaxTokensPerText = 0,
    [property: Id(10)] LongTextSettings? LongText = null,
    // Backbone windows per stored example, on average: the embedding cost of a text (1 unless long texts are chunked).
    [property: Id(11)] double WindowsPerExample = 0);

[GenerateSerializer, Immutable]
public sealed record LabelInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Retired,
    [property: Id(2)] long Examples);

[GenerateSerializer, Immutable]
public sealed record LabeledExample(
    [property: Id(0)] string Text,
    [property: Id(1)] string Label);

/// <summary>Where an import stands: rows of the import (in stream order) committed so far.</summary>
[GenerateSerializer, Immutable]
public sealed record ImportProgress(
    [property: Id(0)] string ImportId,
    [property: Id(1)] long CommittedRows);

/// <summary>
/// Examples already featurized (by <c>Featurize</c>) to store in one write. With <see cref="ImportId"/>
/// set, <see cref="FirstRow"/> is the 0-based position of the first example in that import's stream; it
/// must equal the import's committed rows, so a piece is never stored twice or out of order.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExampleCommit(
    [property: Id(0)] LabeledExample[] Examples,
    [property: Id(1)] FusedBatch Vectors,
    [property: Id(2)] string? ImportId = null,
    [property: Id(3)] long FirstRow = 0);

[GenerateSerializer, Immutable]
public sealed record AddExamplesResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] long TotalExamples,
    [property: Id(2)] int Truncated,
    // Backbone windows the accepted examples took (equal to Accepted unless long texts are chunked).
    [property: Id(3)] long Windows = 0);

[GenerateSerializer, Immutable]
public sealed record ExampleCounts(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyDictionary<string, long> PerLabel);

public enum TrainingMode { Full = 0, Incremental = 1 }

public enum HeadKindContract { LogReg = 0, Mlp = 1 }

[GenerateSerializer, Immutable]
public sealed record TrainingRequest(
    [property: Id(0)] TrainingMode Mode,
    [property: Id(1)] HeadKindContract Head,
    [property: Id(2)] bool Force);

[GenerateSerializer, Immutable]
public sealed record HoldoutMetrics(
    [property: Id(0)] double Accuracy,
    [property: Id(1)] double MacroF1,
    [property: Id(2)] int HoldoutSize,
    [property: Id(3)] string[] Labels,
    [property: Id(4)] int[] Confusion,
    [property: Id(5)] string? ScoredBy = null);

public enum JobState { Queued = 1, Running = 2, Succeeded = 3, Failed = 4 }

[GenerateSerializer, Immutable]
public sealed record TrainingJobInfo(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobState State,
    [property: Id(2)] double Progress,
    [property: Id(3)] string Message,
    [property: Id(4)] TrainingMode Mode,
    [property: Id(5)] int HeadVersion,
    [property: Id(6)] bool Promoted,
    [property: Id(7)] HoldoutMetrics? Metrics,
    [property: Id(8)] DateTimeOffset Started,
    [property: Id(9)] DateTimeOffset? Finished);

[GenerateSerializer, Immutable]
public sealed record HeadVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] HeadKindContract Kind,
    [property: Id(2)] bool Active,
    [property: Id(3)] HoldoutMetrics Metrics,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] long Examples,
    [property: Id(6)] TrainingMode Mode,
    // How the head's regularisation was chosen; null for heads trained before it was recorded.
    [property: Id(7)] HeadTuning? Tuning = null);

/// <summary>
/// The regularisation a head was fitted with and how it was chosen: <see cref="Selection"/> names the
/// search (e.g. 5-fold CV over the C grid), <see cref="CvAccuracy"/> its mean held-out accuracy (NaN when fixed).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HeadTuning(
    [property: Id(0)] double L2,
    [property: Id(1)] double Dropout,
    [property: Id(2)] double CvAccuracy,
    [property: Id(3)] string Selection);

[GenerateSerializer, Immutable]
public sealed record LabelProbability(
    [property: Id(0)] string Label,
    [property: Id(1)] float Probability);

[GenerateSerializer, Immutable]
public sealed record ClassifyResult(
    [property: Id(0)] string Label,
    [property: Id(1)] LabelProbability[] Probabilities,
    [property: Id(2)] int HeadVersion,
    [property: Id(3)] bool Truncated,
    // Backbone windows the text took (1 unless the tenant chunks long texts).
    [property: Id(4)] int Windows = 1);
