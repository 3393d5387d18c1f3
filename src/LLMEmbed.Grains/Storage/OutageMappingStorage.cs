using LLMEmbed.Grains.Abstractions.Errors;
using Orleans.Storage;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// A grain storage provider whose outages surface as <see cref="StorageUnavailableException"/>: the caller
/// gets Unavailable (retry later), not Internal, and the grain (and its silo) keeps serving
/// what needs no storage, such as classify on an active head.
/// </summary>
public sealed class OutageMappingStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Mapped(() => inner.ReadStateAsync(stateName, grainId, grainState), "read");

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Mapped(() => inner.WriteStateAsync(stateName, grainId, grainState), "write");

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Mapped(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear");

    private static async Task Mapped(Func<Task> call, string operation)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (StorageOutage.Is(e))
        {
            throw new StorageUnavailableException(
                $"the tenant's storage could not be reached ({operation}: {e.GetType().Name}); retry shortly (an AddExamples retried with its request_id stores nothing twice).");
        }
    }
}
