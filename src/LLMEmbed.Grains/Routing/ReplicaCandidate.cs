namespace LLMEmbed.Grains.Routing;

/// <summary>A live replica a call may go to: its grain key, its silo and the silo's accelerator ("cuda"/"cpu").</summary>
public sealed record ReplicaCandidate(string Key, SiloAddress Silo, string Accelerator);
