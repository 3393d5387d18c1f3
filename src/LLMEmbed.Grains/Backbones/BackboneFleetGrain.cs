using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Routing;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Lists the replicas of every live backbone host: each (backbone, host) replica is asked to
/// describe itself, and those whose silo has not loaded that backbone answer nothing.
/// </summary>
[StatelessWorker]
public sealed class BackboneFleetGrain(ReplicaDirectory directory, IBackboneFactory backbones) : Grain, IBackboneFleetGrain
{
    public async Task<BackboneInfo[]> ListReplicas()
    {
        var keys = directory.Hosts().SelectMany(h => backbones.BackboneIds.Select(id => ReplicaKey.Format(id, h.Silo))).ToList();
        var infos = await Task.WhenAll(keys.Select(async key =>
        {
            try { return await GrainFactory.GetGrain<IBackboneReplicaGrain>(key).Describe(); }
            catch (Exception e) when (BackboneClient.IsUnreachable(e)) { return null; }
        }));
        return infos.OfType<BackboneInfo>().OrderBy(i => i.BackboneId, StringComparer.Ordinal).ThenBy(i => i.Silo, StringComparer.Ordinal).ToArray();
    }
}
