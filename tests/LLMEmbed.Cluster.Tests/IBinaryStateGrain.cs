namespace LLMEmbed.Cluster.Tests;

/// <summary>A durable test grain holding raw bytes, to prove a storage provider round-trips binary state exactly.</summary>
public interface IBinaryStateGrain : IGrainWithStringKey
{
    Task<int> Write(byte[] payload);
    Task<BinaryStateSnapshot> Read();
}

[GenerateSerializer, Immutable]
public sealed record BinaryStateSnapshot([property: Id(0)] int Writes, [property: Id(1)] byte[] Payload);

[GenerateSerializer]
public sealed class BinaryState
{
    [Id(0)] public int Writes { get; set; }
    [Id(1)] public byte[] Payload { get; set; } = [];
}
