namespace LLMEmbed.Cluster.Tests;

/// <summary>A durable test grain: its count lives in the file storage provider.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Count { get; set; }
    [Id(1)] public byte[] Vector { get; set; } = [];
}
