using LLMEmbed.Tests;
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
        var answer = await Eventually.UntilAsync(async () =>
        {
            try { return (Done: true, Value: await call()); }
            catch (NoBackboneReplicaException) { return (Done: false, Value: default(T)!); }
        }, a => a.Done, TimeSpan.FromSeconds(20));
        // Past the deadline the call is made once more, so its own error is the one reported.
        return answer.Done ? answer.Value : await call();
    }
}
