using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>A grain storage provider over another that can be told to fail its Nth clear from now, as a crash or an outage midway would.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private int _clearsUntilFault = -1;

    /// <summary>The <paramref name="n"/>th clear from now throws (1 = the next one); 0 disarms.</summary>
    public void FailClear(int n) => Volatile.Write(ref _clearsUntilFault, n == 0 ? -1 : n);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Interlocked.Decrement(ref _clearsUntilFault) == 0)
            throw new IOException($"injected fault clearing {stateName} of {grainId}");
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
