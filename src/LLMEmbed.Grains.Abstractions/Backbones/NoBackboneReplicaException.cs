namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// No replica of a backbone could be reached: no live backbone-host silo serves it, or every one
/// failed within the caller's deadline (gRPC Unavailable; retry after a short delay). Also raised by
/// replica placement when the silo a replica key names is gone or does not host backbones.
/// </summary>
[GenerateSerializer, Alias("llmembed.backbones.NoBackboneReplicaException")]
public sealed class NoBackboneReplicaException : Exception
{
    public NoBackboneReplicaException(string backboneId, string message) : base(message) => BackboneId = backboneId;

    [Id(0)] public string BackboneId { get; private set; }
}
