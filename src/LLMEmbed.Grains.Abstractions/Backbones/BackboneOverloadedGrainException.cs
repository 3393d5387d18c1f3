namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// A backbone refused work because its queue was full (or, from a router, every live replica's was).
/// Serializable so the type and its fields reach callers on other silos and clients intact (map to
/// gRPC ResourceExhausted; retry later).
/// </summary>
[GenerateSerializer, Alias("llmembed.backbones.BackboneOverloadedGrainException")]
public sealed class BackboneOverloadedGrainException : Exception
{
    public BackboneOverloadedGrainException(string backboneId, int capacity, string message) : base(message)
    {
        BackboneId = backboneId;
        Capacity = capacity;
    }

    [Id(0)] public string BackboneId { get; private set; }
    [Id(1)] public int Capacity { get; private set; }
}
