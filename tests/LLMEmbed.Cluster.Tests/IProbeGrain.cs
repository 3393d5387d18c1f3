namespace LLMEmbed.Cluster.Tests;

/// <summary>A test grain that calls backbones from whichever silo it lives on.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Embeds through this silo's router (as the fusion grain does) and says where the probe ran.</summary>
    Task<ProbeReport> EmbedThroughRouter(string backboneId, string[] texts);
}

[GenerateSerializer, Immutable]
public sealed record ProbeReport([property: Id(0)] string ProbeSilo, [property: Id(1)] int Sequences);
