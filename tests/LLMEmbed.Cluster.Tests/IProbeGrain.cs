namespace LLMEmbed.Cluster.Tests;

/// <summary>A test grain that calls backbones from whichever silo it lives on.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<ProbeReport> LocateBackbone(string backboneId);
}

[GenerateSerializer, Immutable]
public sealed record ProbeReport([property: Id(0)] string ProbeSilo, [property: Id(1)] string BackboneSilo);
