namespace LLMEmbed.Grains.Tenants;

/// <summary>Section "Tenants": how tenant grains store examples and train.</summary>
public sealed class TenantOptions
{
    public const string SectionName = "Tenants";

    /// <summary>Examples per stored segment: bounds the bytes one append rewrites.</summary>
    public int SegmentCapacity { get; set; } = 512;

    /// <summary>Examples each non-retired label needs before training starts.</summary>
    public int MinExamplesPerLabel { get; set; } = 2;

    /// <summary>Stratified share of the examples held out to compare the new head with the active one.</summary>
    public double HoldoutFraction { get; set; } = 0.2;

    /// <summary>Seeds the holdout split and head training, so the same examples give the same head.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Training jobs remembered per tenant (oldest dropped first).</summary>
    public int JobHistory { get; set; } = 20;

    /// <summary>Longest label name.</summary>
    public int MaxLabelLength { get; set; } = 128;

    /// <summary>
    /// Model work one grain call may carry, in token-passes (texts x tokens x backbone passes, counted
    /// at each backbone's token limit). 8,192 lasts about 8 s at the slowest supported speed of
    /// <see cref="CallWork.SlowestTokenPassesPerSecond"/> token-passes/s: with the batcher's admitted
    /// queue wait (Batching:MaxQueueWait, 10 s) still well inside the 30-second call timeout.
    /// </summary>
    public int TokenPassesPerCall { get; set; } = 8_192;

    /// <summary>
    /// 0 = each backbone's token limit as this silo's backbone factory states it (the manifest, capped by
    /// Backbone:MaxTokens); otherwise this token limit for every backbone.
    /// </summary>
    public int MaxTokensPerText { get; set; }

    /// <summary>The token limit the work bound counts for <paramref name="backboneId"/>.</summary>
    /// <param name="backboneLimit">The backbone's own limit on this silo (<c>IBackboneFactory.Manifest(id).MaxTokens</c>).</param>
    public int MaxTokensOf(string backboneId, Func<string, int> backboneLimit)
    {
        ArgumentNullException.ThrowIfNull(backboneLimit);
        return MaxTokensPerText > 0 ? MaxTokensPerText : backboneLimit(backboneId);
    }

    public void Validate()
    {
        if (TokenPassesPerCall < 1) throw new ArgumentException($"{SectionName}:{nameof(TokenPassesPerCall)} must be at least 1, got {TokenPassesPerCall}.");
        if (MaxTokensPerText < 0) throw new ArgumentException($"{SectionName}:{nameof(MaxTokensPerText)} must be 0 (from the manifests) or positive, got {MaxTokensPerText}.");
        if (SegmentCapacity < 1) throw new ArgumentException($"{SectionName}:{nameof(SegmentCapacity)} must be at least 1, got {SegmentCapacity}.");
        if (MinExamplesPerLabel < 2) throw new ArgumentException($"{SectionName}:{nameof(MinExamplesPerLabel)} must be at least 2 (one to train, one to hold out), got {MinExamplesPerLabel}.");
        if (!(HoldoutFraction > 0 && HoldoutFraction < 1)) throw new ArgumentException($"{SectionName}:{nameof(HoldoutFraction)} must be in (0, 1), got {HoldoutFraction}.");
        if (JobHistory < 1) throw new ArgumentException($"{SectionName}:{nameof(JobHistory)} must be at least 1, got {JobHistory}.");
        if (MaxLabelLength < 1) throw new ArgumentException($"{SectionName}:{nameof(MaxLabelLength)} must be at least 1, got {MaxLabelLength}.");
    }

    public override string ToString() =>
        $"SegmentCapacity={SegmentCapacity}, MinExamplesPerLabel={MinExamplesPerLabel}, HoldoutFraction={HoldoutFraction}, Seed={Seed}, JobHistory={JobHistory}, TokenPassesPerCall={TokenPassesPerCall}, MaxTokensPerText={(MaxTokensPerText == 0 ? "manifest" : MaxTokensPerText)}";
}
