namespace LLMEmbed.Core.Batching;

/// <summary>
/// The planner's answer: which pending sequences (indices into the input list) form the next model run,
/// and whether to run it now (<see cref="Ready"/>) or wait up to <see cref="WaitFor"/> for more.
/// </summary>
public sealed record BatchPlan(IReadOnlyList<int> Indices, int PaddedTokens, bool Ready, TimeSpan WaitFor)
{
    public static readonly BatchPlan Empty = new([], 0, false, Timeout.InfiniteTimeSpan);
}
