namespace LLMEmbed.Core.Scope;

/// <summary>
/// How a head's guard is fitted: the in-scope <see cref="TargetCoverage"/> its threshold answers, how many training
/// rows it keeps to score scope and over how many nearest ones it averages, and the fewest holdout rows worth
/// calibrating on (fewer: temperature 1, and the threshold from the kept rows scored leave-one-out).
/// </summary>
public sealed record GuardOptions
{
    public double TargetCoverage { get; init; } = 0.95;
    public int ReferenceRows { get; init; } = 1024;
    public int Neighbours { get; init; } = 5;
    public int MinHoldoutRows { get; init; } = 20;
    public int Seed { get; init; } = 42;
    /// <summary>Scope scores as cosines between vectors centred on the training rows' mean (see <see cref="ReferenceRows.Select"/>).</summary>
    public bool Centred { get; init; }

    public void Validate()
    {
        if (!(TargetCoverage >= 0.5 && TargetCoverage <= 0.999)) throw new ArgumentOutOfRangeException(nameof(TargetCoverage), TargetCoverage, "Target coverage must be in [0.5, 0.999].");
        ArgumentOutOfRangeException.ThrowIfLessThan(ReferenceRows, 2, nameof(ReferenceRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbours, 1, nameof(Neighbours));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinHoldoutRows, 1, nameof(MinHoldoutRows));
    }
}
