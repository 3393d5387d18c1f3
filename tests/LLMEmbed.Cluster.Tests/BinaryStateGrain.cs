using LLMEmbed.Grains.Storage;

namespace LLMEmbed.Cluster.Tests;

public sealed class BinaryStateGrain([PersistentState("binary", StorageNames.Default)] IPersistentState<BinaryState> state) : Grain, IBinaryStateGrain
{
    public async Task<int> Write(byte[] payload)
    {
        state.State.Writes++;
        state.State.Payload = payload;
        await state.WriteStateAsync();
        return state.State.Writes;
    }

    public Task<BinaryStateSnapshot> Read() => Task.FromResult(new BinaryStateSnapshot(state.State.Writes, state.State.Payload));
}
