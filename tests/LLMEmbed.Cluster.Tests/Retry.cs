using LLMEmbed.Grains.Abstractions.Backbones;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// A silo's metadata reaches the others shortly after it joins; until then replica routing
/// fails with <see cref="NoBackboneReplicaException"/>, which callers are meant to retry.
/// </summary>
public static class Retry
{
    public static async Task<T> WhileNoBackboneHost<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (NoBackboneReplicaException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
