using LLMEmbed.Grains;
using Orleans.Placement;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Activated on the silo that calls it, so a test can place one on each silo.</summary>
[PreferLocalPlacement]
public sealed class ProbeGrain(ILocalSiloDetails silo) : Grain, IProbeGrain
{
    public async Task<ProbeReport> LocateBackbone(string backboneId)
    {
        var info = await Retry.WhileNoBackboneHost(() => GrainFactory.GetGrain<IBackboneGrain>(backboneId).Describe());
        return new ProbeReport(silo.SiloAddress.ToString(), info.Silo);
    }
}
