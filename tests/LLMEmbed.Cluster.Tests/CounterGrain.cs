using LLMEmbed.Grains.Storage;

namespace LLMEmbed.Cluster.Tests;

public sealed class CounterGrain([PersistentState("counter", StorageNames.Default)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Count++;
        state.State.Vector = new byte[4096];
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);
}
