using Orleans.Storage;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// A grain storage provider that counts the bytes each write hands it, measured with the provider's own serializer:
/// what <see cref="Tenants.AppendCost"/> reports (the bench and the storage tests share it).
/// </summary>
public sealed class CountingGrainStorage(IGrainStorage inner, IGrainStorageSerializer serializer) : IGrainStorage
{
    private long _bytes;

    public long BytesWritten => Interlocked.Read(ref _bytes);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Add(ref _bytes, serializer.Serialize(grainState.State).ToArray().LongLength);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
