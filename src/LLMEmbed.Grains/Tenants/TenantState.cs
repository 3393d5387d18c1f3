using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's authoritative record. Immutable: a change builds a new value, writes it, and only
/// then replaces the grain's copy, so readers never see a half-applied change. Example rows live
/// in segment records; the counts here say how many of each segment's rows are acknowledged.
/// </summary>
[GenerateSerializer, Immutable, Alias("llmembed.tenant.TenantState")]
public sealed record TenantState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public TenantSettings? Settings { get; init; }
    [Id(2)] public DateTimeOffset Created { get; init; }
    /// <summary>Labels in creation order; a label's position is its stable key (renames keep it).</summary>
    [Id(3)] public LabelInfo[] Labels { get; init; } = [];
    [Id(4)] public long Examples { get; init; }
    [Id(5)] public int[] SegmentCounts { get; init; } = [];
    /// <summary>Width of the stored feature vectors; 0 until the first example.</summary>
    [Id(6)] public int Dimension { get; init; }
    [Id(7)] public HeadRecord[] Heads { get; init; } = [];
    /// <summary>0 = no active head.</summary>
    [Id(8)] public int ActiveVersion { get; init; }
    /// <summary>Versions that were active before the current one, oldest first (Rollback(0) pops the last).</summary>
    [Id(9)] public int[] PreviousActive { get; init; } = [];
    [Id(10)] public TrainingJobInfo[] Jobs { get; init; } = [];
    /// <summary>Rows committed per import id (see <see cref="ImportLedger"/>).</summary>
    [Id(11)] public ImportRecord[] Imports { get; init; } = [];
    /// <summary>Backbone windows the stored examples took (0 in records from before long texts could be chunked: one each).</summary>
    [Id(12)] public long ExampleWindows { get; init; }
    /// <summary>Stored rows per <see cref="Abstractions.Tenants.ExampleSource"/> (index = its byte); empty in states written before sources: all import.</summary>
    [Id(13)] public long[] SourceCounts { get; init; } = [];
    /// <summary>Described labels' zero-shot vectors (see <see cref="DescriptionVector"/>); empty in states written before descriptions.</summary>
    [Id(14)] public DescriptionVector[] DescriptionVectors { get; init; } = [];
    /// <summary>Named tasks (the default task is the fields above); empty in states written before tasks.</summary>
    [Id(15)] public TaskRecord[] Tasks { get; init; } = [];
    /// <summary>Key the next created task gets (keys are never reused: segments store labels by task key).</summary>
    [Id(16)] public int NextTaskKey { get; init; } = 1;
    /// <summary>How the tail segment's rows are split between its base record and part records; null (and in states from before parts): every segment is its base record.</summary>
    [Id(17)] public TailLayout? Tail { get; init; }
    /// <summary>Request ids of recent writes and their answers, newest last (see <see cref="RequestLedger"/>); empty in older states.</summary>
    [Id(18)] public RequestRecord[] Requests { get; init; } = [];
    /// <summary>
    /// A delete began and has not finished removing the records this state still names: the tenant refuses
    /// everything (it does not exist), and deleting it again, or creating it anew, removes what is left first.
    /// </summary>
    [Id(19)] public bool Deleting { get; init; }

    /// <summary>Windows per stored example on average (1 when nothing was chunked; 0 without examples).</summary>
    public double WindowsPerExample => Examples == 0 ? 0 : Math.Max(ExampleWindows, Examples) / (double)Examples;

    public TenantSettings RequiredSettings => Settings ?? throw new InvalidOperationException("Tenant state exists without settings.");
    public int NextHeadVersion => Heads.Length == 0 ? 1 : Heads.Max(h => h.Version) + 1;
}

[GenerateSerializer, Immutable, Alias("llmembed.tenant.ImportRecord")]
public sealed record ImportRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] long Rows,
    [property: Id(2)] DateTimeOffset Updated);

[GenerateSerializer, Immutable, Alias("llmembed.tenant.HeadRecord")]
public sealed record HeadRecord(
    [property: Id(0)] int Version,
    [property: Id(1)] HeadKindContract Kind,
    [property: Id(2)] HoldoutMetrics Metrics,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] long Examples,
    [property: Id(5)] TrainingMode Mode,
    // Acknowledged rows per segment when the run started: rows past these are new to this head.
    [property: Id(6)] int[]? TrainedThrough = null,
    [property: Id(7)] HeadTuning? Tuning = null,
    [property: Id(8)] HeadCalibration? Calibration = null,
    [property: Id(9)] HeadScope? Scope = null);
