using LLMEmbed.Grains;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// A silo's metadata reaches the others shortly after it joins; until then backbone placement
/// fails with <see cref="NoBackboneHostException"/>, which callers are meant to retry.
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
            catch (NoBackboneHostException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
