using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Section "Tenants": how tenant grains store examples and train.</summary>
public sealed class TenantOptions
{
    public const string SectionName = "Tenants";

    /// <summary>Examples per stored segment: bounds the bytes one append rewrites.</summary>
    [Range(1, int.MaxValue)]
    public int SegmentCapacity { get; set; } = 512;

    /// <summary>Examples each non-retired label needs before training starts.</summary>
    [Range(2, int.MaxValue)]
    public int MinExamplesPerLabel { get; set; } = 2;

    /// <summary>Stratified share of the examples held out to compare the new head with the active one.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double HoldoutFraction { get; set; } = 0.2;

    /// <summary>Seeds the holdout split and head training, so the same examples give the same head.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Training jobs remembered per tenant (oldest dropped first).</summary>
    [Range(1, int.MaxValue)]
    public int JobHistory { get; set; } = 20;

    /// <summary>
    /// Head versions kept per task (oldest dropped first, with their head records), never the active one or
    /// the newest KeptHeads - 1 of the rollback chain or the newest version; each kept head record carries its confusion matrix.
    /// </summary>
    [Range(1, 10_000)]
    public int KeptHeads { get; set; } = 50;

    /// <summary>
    /// AddExamples request ids remembered per tenant, newest kept: a retry with one of
    /// them stores nothing and gets the first answer. Kept in the tenant state, so each costs ~100 bytes per write.
    /// </summary>
    [Range(1, 1024)]
    public int RememberedRequests { get; set; } = 32;

    /// <summary>Longest label name.</summary>
    [Range(1, int.MaxValue)]
    public int MaxLabelLength { get; set; } = 128;

    /// <summary>
    /// Model work one grain call may carry, in token-passes (texts x tokens x backbone passes, counted
    /// at each backbone's token limit). 8,192 lasts about 8 s at the slowest supported speed of
    /// <see cref="CallWork.SlowestTokenPassesPerSecond"/> token-passes/s: with the batcher's admitted
    /// queue wait (Batching:MaxQueueWait, 10 s) still well inside the 30-second call timeout.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int TokenPassesPerCall { get; set; } = 8_192;

    /// <summary>
    /// Training rows each head version keeps to score scope (abstention): memory per active head is
    /// rows x dimension x 2 bytes (1,024 x 420 = 860 KB for the default recipe), and one score is one pass over them.
    /// </summary>
    [Range(2, 65_536)]
    public int ScopeReferenceRows { get; set; } = 1024;

    /// <summary>
    /// Classifications each tenant activation keeps for Feedback (0 = none: no prediction ids). Memory is this x
    /// dimension x 4 bytes per active tenant (2,048 x 420 = 3.4 MB for the default recipe).
    /// </summary>
    [Range(0, 1_000_000)]
    public int FeedbackRetainedPredictions { get; set; } = 2048;

    /// <summary>How long a kept classification can still be given feedback.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FeedbackRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Nearest reference rows a scope score averages.</summary>
    [Range(1, 256)]
    public int ScopeNeighbours { get; set; } = 5;

    /// <summary>Named tasks a tenant may hold besides its default one (each its own label set and heads over the same rows).</summary>
    [Range(0, 1_000)]
    public int MaxTasks { get; set; } = 32;

    /// <summary>
    /// What decides whether a new multi-label head replaces the active one on their shared holdout:
    /// micro_f1 (default), macro_f1 or exact_match.
    /// </summary>
    [RegularExpression("^(micro_f1|macro_f1|exact_match)$")]
    public string MultiLabelPromotionMetric { get; set; } = "micro_f1";

    /// <summary>
    /// How long a tenant grain stays in memory without a call before the silo deactivates it (Orleans' per-class
    /// collection age; the silo's collection scan runs at least every half of it). An idle tenant then costs only its
    /// stored records; its first call reloads the state and active heads, never its examples.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "30.00:00:00")]
    public TimeSpan IdleCollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    public override string ToString() =>
        $"IdleCollectionAge={IdleCollectionAge}, MaxTasks={MaxTasks}, MultiLabelPromotionMetric={MultiLabelPromotionMetric}, SegmentCapacity={SegmentCapacity}, MinExamplesPerLabel={MinExamplesPerLabel}, HoldoutFraction={HoldoutFraction}, Seed={Seed}, JobHistory={JobHistory}, KeptHeads={KeptHeads}, RememberedRequests={RememberedRequests}, TokenPassesPerCall={TokenPassesPerCall}, ScopeReferenceRows={ScopeReferenceRows}, ScopeNeighbours={ScopeNeighbours}, FeedbackRetainedPredictions={FeedbackRetainedPredictions}, FeedbackRetention={FeedbackRetention}";
}
