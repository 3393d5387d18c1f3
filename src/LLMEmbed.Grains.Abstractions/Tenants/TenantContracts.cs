using LLMEmbed.Grains.Abstractions.Backbones;

namespace LLMEmbed.Grains.Abstractions.Tenants;

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantLimits")]
public sealed record TenantLimits(
    [property: Id(0)] int RequestsPerSecond,
    [property: Id(1)] int TextsPerCall,
    [property: Id(2)] long MaxExamples,
    [property: Id(3)] int MaxLabels)
{
    public static readonly TenantLimits Default = new(200, 256, 1_000_000, 1_000);
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantSettings")]
public sealed record TenantSettings(
    [property: Id(0)] string Recipe,
    [property: Id(1)] bool KeepTexts,
    [property: Id(2)] TenantLimits Limits,
    [property: Id(3)] byte[] KeyHash,
    // Null (records written before this setting existed) = the default, truncate.
    [property: Id(4)] LongTextSettings? LongText = null,
    // Null (records written before abstention existed) = ScopeSettings.Default.
    [property: Id(5)] ScopeSettings? Scope = null,
    // Null = ZeroShotDefaultBelow.
    [property: Id(6)] int? ZeroShotBelow = null)
{
    /// <summary>Examples a described label needs before the trained head answers instead of zero-shot.</summary>
    public const int ZeroShotDefaultBelow = 8;

    public LongTextSettings LongTextOrDefault => LongText ?? LongTextSettings.Default;
    public ScopeSettings ScopeOrDefault => Scope ?? ScopeSettings.Default;
    public int ZeroShotBelowOrDefault => ZeroShotBelow ?? ZeroShotDefaultBelow;
}

/// <summary>
/// Whether classify may answer "none": <see cref="TargetCoverage"/> is the share of in-scope holdout texts a
/// new head's threshold is chosen to answer; <see cref="Threshold"/> (when set) overrides every head's own.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ScopeSettings")]
public sealed record ScopeSettings(
    [property: Id(0)] bool Abstain,
    [property: Id(1)] double TargetCoverage,
    [property: Id(2)] double? Threshold = null)
{
    // Off until the tenant turns it on: a threshold fitted on the tenant's examples also declines in-scope texts
    // unlike them (a one-line review against long ones), so answering "none" is the tenant's choice; scores come either way.
    public static readonly ScopeSettings Default = new(false, 0.95);
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantInfo")]
public sealed record TenantInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Recipe,
    [property: Id(2)] int Labels,
    [property: Id(3)] long Examples,
    [property: Id(4)] int ActiveHeadVersion,
    [property: Id(5)] DateTimeOffset Created,
    [property: Id(6)] TenantLimits Limits,
    [property: Id(7)] bool KeepTexts,
    // Most texts one featurizing grain call (Classify, Embed, ImportRows) may carry, so its
    // model work stays inside the per-call budget whatever the texts' lengths; callers split larger requests.
    [property: Id(8)] int TextsPerGrainCall = 1,
    // The smallest token limit among the recipe's backbones: longer texts are refused unless truncated.
    [property: Id(9)] int MaxTokensPerText = 0,
    [property: Id(10)] LongTextSettings? LongText = null,
    // Backbone windows per stored example, on average: the embedding cost of a text (1 unless long texts are chunked).
    [property: Id(11)] double WindowsPerExample = 0,
    [property: Id(12)] ScopeSettings? Scope = null,
    // Stored rows that came from Feedback.
    [property: Id(13)] long Feedback = 0,
    // Examples each described label needs before the trained head answers instead of zero-shot (Id 15, as in TenantSummary).
    [property: Id(15)] int ZeroShotBelow = TenantSettings.ZeroShotDefaultBelow,
    // Named tasks besides the default one.
    [property: Id(16)] int Tasks = 0);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.LabelInfo")]
public sealed record LabelInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Retired,
    [property: Id(2)] long Examples,
    // Short sentences saying what the label means (zero-shot before enough examples); null = none.
    [property: Id(3)] string? Description = null);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.LabeledExample")]
public sealed record LabeledExample(
    [property: Id(0)] string Text,
    [property: Id(1)] string Label,
    // The caller already cut the text to what the backbones read: the stored row counts as truncated.
    [property: Id(2)] bool Cut = false,
    // The row's labels for named tasks (Label is the default task's, "" when it labels only named tasks).
    [property: Id(3)] TaskLabel[]? Tasks = null);

/// <summary>Where an import stands: rows of the import (in stream order) committed so far.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ImportProgress")]
public sealed record ImportProgress(
    [property: Id(0)] string ImportId,
    [property: Id(1)] long CommittedRows);

/// <summary>
/// One bounded call of an import (at most <see cref="TenantInfo.TextsPerGrainCall"/> rows). The tenant
/// grain featurizes a chunk as it arrives, whatever the order, and stores the rows of a
/// <see cref="Stream"/> strictly by <see cref="Index"/>: never past a chunk that is missing or failed.
/// </summary>
/// <param name="Stream">This run of the import, chosen by the caller: its chunks are stored in order, then it is ended with <c>EndImport</c>.</param>
/// <param name="Index">The chunk's place in the stream: 0, 1, 2 ...</param>
/// <param name="FirstRow">0-based position of the chunk's first row in the import; with <see cref="ImportId"/> it must continue the rows the import has committed.</param>
/// <param name="ImportId">Records the committed rows under this id (for resume); null for an import that is not resumable.</param>
/// <param name="Commit">Store the stream's rows through this chunk as soon as they are all featurized (one write); otherwise they wait for a later commit point or the end.</param>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ImportChunk")]
public sealed record ImportChunk(
    [property: Id(0)] string Stream,
    [property: Id(1)] int Index,
    [property: Id(2)] long FirstRow,
    [property: Id(3)] LabeledExample[] Rows,
    [property: Id(4)] bool Truncate,
    [property: Id(5)] string? ImportId = null,
    [property: Id(6)] bool Commit = false,
    // Rows stored without labels (their Label is ignored; their text is always kept), never trained on.
    [property: Id(7)] bool Unlabelled = false,
    // The client's id of the write this chunk belongs to: a chunk whose id the tenant remembers is stored no
    // more; the call returns the first answer (see RequestLedger). Null = no id, always stored.
    [property: Id(8)] string? RequestId = null);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.AddExamplesResult")]
public sealed record AddExamplesResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] long TotalExamples,
    [property: Id(2)] int Truncated,
    // Backbone windows the accepted examples took (equal to Accepted unless long texts are chunked).
    [property: Id(3)] long Windows = 0);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.ExampleCounts")]
public sealed record ExampleCounts(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyDictionary<string, long> PerLabel,
    // Rows per source name ("import", "feedback", "suggestion", "unlabelled"); Total excludes unlabelled rows.
    [property: Id(2)] IReadOnlyDictionary<string, long>? PerSource = null);

[Alias("llmembed.tenant.TrainingMode")]
public enum TrainingMode { Full = 0, Incremental = 1 }

[Alias("llmembed.tenant.HeadKindContract")]
public enum HeadKindContract { LogReg = 0, Mlp = 1 }

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TrainingRequest")]
public sealed record TrainingRequest(
    [property: Id(0)] TrainingMode Mode,
    [property: Id(1)] HeadKindContract Head,
    [property: Id(2)] bool Force,
    // Null = the default task.
    [property: Id(3)] string? Task = null);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.HoldoutMetrics")]
public sealed record HoldoutMetrics(
    [property: Id(0)] double Accuracy,
    [property: Id(1)] double MacroF1,
    [property: Id(2)] int HoldoutSize,
    [property: Id(3)] string[] Labels,
    [property: Id(4)] int[] Confusion,
    [property: Id(5)] string? ScoredBy = null,
    // Multi-label heads: micro-F1 and exact match (Accuracy = ExactMatch, Confusion empty), per-label scores.
    [property: Id(6)] double MicroF1 = 0,
    [property: Id(7)] double ExactMatch = 0,
    [property: Id(8)] LabelMetrics[]? PerLabel = null);

[Alias("llmembed.tenant.JobState")]
public enum JobState { Queued = 1, Running = 2, Succeeded = 3, Failed = 4, Cancelled = 5 }

public static class JobStates
{
    /// <summary>Succeeded, Failed or Cancelled: the job will not change again.</summary>
    public static bool IsFinished(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.TrainingJobInfo")]
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
    [property: Id(9)] DateTimeOffset? Finished,
    [property: Id(10)] string? Task = null);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadVersionInfo")]
public sealed record HeadVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] HeadKindContract Kind,
    [property: Id(2)] bool Active,
    [property: Id(3)] HoldoutMetrics Metrics,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] long Examples,
    [property: Id(6)] TrainingMode Mode,
    // How the head's regularisation was chosen; null for heads trained before it was recorded.
    [property: Id(7)] HeadTuning? Tuning = null,
    [property: Id(8)] HeadCalibration? Calibration = null,
    [property: Id(9)] HeadScope? Scope = null,
    [property: Id(10)] string? Task = null);

/// <summary>Temperature scaling fitted on the holdout; expected calibration error (15 equal-width bins) before and after.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadCalibration")]
public sealed record HeadCalibration(
    [property: Id(0)] double Temperature,
    [property: Id(1)] double EceBefore,
    [property: Id(2)] double EceAfter,
    [property: Id(3)] int Rows);

/// <summary>
/// How a head tells in-scope from out-of-scope: below <see cref="Threshold"/> on the scope score (mean cosine
/// to the nearest of <see cref="ReferenceRows"/> kept training rows) classify abstains. The threshold answers
/// <see cref="TargetCoverage"/> of in-scope holdout rows; <see cref="Coverage"/> is what it measured there.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadScope")]
public sealed record HeadScope(
    [property: Id(0)] double Threshold,
    [property: Id(1)] double TargetCoverage,
    [property: Id(2)] double Coverage,
    [property: Id(3)] int ReferenceRows,
    [property: Id(4)] int Neighbours);

/// <summary>
/// The regularisation a head was fitted with and how it was chosen: <see cref="Selection"/> names the
/// search (e.g. 5-fold CV over the C grid), <see cref="CvAccuracy"/> its mean held-out accuracy (NaN when fixed).
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadTuning")]
public sealed record HeadTuning(
    [property: Id(0)] double L2,
    [property: Id(1)] double Dropout,
    [property: Id(2)] double CvAccuracy,
    [property: Id(3)] string Selection);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.LabelProbability")]
public sealed record LabelProbability(
    [property: Id(0)] string Label,
    [property: Id(1)] float Probability);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.ClassifyResult")]
public sealed record ClassifyResult(
    [property: Id(0)] string Label,
    [property: Id(1)] LabelProbability[] Probabilities,
    [property: Id(2)] int HeadVersion,
    [property: Id(3)] bool Truncated,
    // Backbone windows the text took (1 unless the tenant chunks long texts).
    [property: Id(4)] int Windows = 1,
    // Out of scope and the tenant abstains: Label is "", the probabilities still given.
    [property: Id(5)] bool Abstained = false,
    // For Feedback; null when predictions are not retained.
    [property: Id(6)] string? PredictionId = null,
    [property: Id(7)] ClassifySource Source = ClassifySource.Head,
    // Active labels the answering head was not trained on (added after it): retrain to use them.
    [property: Id(8)] string[]? LabelsNotInHead = null,
    // Mean cosine to the nearest kept training rows (0 when not scored).
    [property: Id(9)] double ScopeScore = 0,
    // The task answered (set by ClassifyTasks).
    [property: Id(10)] string? Task = null,
    // Multi-label tasks: the labels at or over their thresholds, most probable first (possibly none; Label is the first or "").
    [property: Id(11)] string[]? Chosen = null);

[Alias("llmembed.tenant.ClassifySource")]
public enum ClassifySource { Head = 0, ZeroShot = 1 }

/// <summary>What a Feedback stored: the example row, and whether this prediction id had already been answered.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.FeedbackResult")]
public sealed record FeedbackResult(
    [property: Id(0)] long ExampleId,
    [property: Id(1)] bool Repeated,
    [property: Id(2)] string PredictedLabel,
    [property: Id(3)] string Label,
    [property: Id(4)] bool OutOfScope);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.Suggestion")]
public sealed record Suggestion(
    [property: Id(0)] long ExampleId,
    [property: Id(1)] string Text,
    [property: Id(2)] double Score,
    [property: Id(3)] string PredictedLabel);

/// <summary>Suggestions in order; <paramref name="Strategy"/> "uncertainty" or "spread"; <paramref name="Candidates"/> unlabelled rows considered.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.SuggestionList")]
public sealed record SuggestionList(
    [property: Id(0)] Suggestion[] Suggestions,
    [property: Id(1)] string Strategy,
    [property: Id(2)] long Candidates,
    [property: Id(3)] int HeadVersion);

/// <summary>Which stored rows to list: after id <paramref name="After"/> (-1 = from the start), matching every filter given.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ExampleQuery")]
public sealed record ExampleQuery(
    [property: Id(0)] int PageSize,
    [property: Id(1)] long After = -1,
    [property: Id(2)] string? Label = null,
    [property: Id(3)] string? ImportId = null,
    [property: Id(4)] ExampleSource? Source = null);

/// <summary>One stored row: Label "" when unlabelled (or out of scope), Text null unless kept.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.StoredExample")]
public sealed record StoredExample(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Text,
    [property: Id(2)] string Label,
    [property: Id(3)] ExampleSource Source,
    [property: Id(4)] string? ImportId);

/// <summary>A page of rows; <paramref name="Next"/> is the id to list after, null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.ExamplePage")]
public sealed record ExamplePage(
    [property: Id(0)] StoredExample[] Examples,
    [property: Id(1)] long? Next);
