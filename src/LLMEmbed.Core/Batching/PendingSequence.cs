namespace LLMEmbed.Core.Batching;

/// <summary>
/// What the planner knows about one waiting sequence. Sequences batch together only when their
/// <paramref name="Group"/> matches (same taps and pooling).
/// </summary>
public readonly record struct PendingSequence(int Tokens, TimeSpan EnqueuedAt, int Group);
