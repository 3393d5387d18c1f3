namespace LLMEmbed.Core.Heads;

/// <summary>A trained head and the per-epoch history that produced it.</summary>
public sealed record TrainingResult(Head Head, IReadOnlyList<TrainingProgress> History, bool StoppedEarly);
