using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Routing;
using Orleans.Placement;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Activated on the silo that calls it, so a test can place one on each silo.</summary>
[PreferLocalPlacement]
public sealed class ProbeGrain(ILocalSiloDetails silo, BackboneClient backbones) : Grain, IProbeGrain
{
    public async Task<ProbeReport> EmbedThroughRouter(string backboneId, string[] texts)
    {
        var blob = await Retry.WhileNoBackboneHost(() => backbones.EmbedAsync(backboneId, new EmbedTextsRequest(texts, [6], PoolingContract.Mean)));
        return new ProbeReport(silo.SiloAddress.ToString(), blob.Sequences);
    }
}
