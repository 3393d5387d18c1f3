using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// A grain storage provider over another that can be told to fail its Nth clear from now, as a crash or an outage midway
/// would, or to hold reads of some records until released, as a slow store would.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private int _clearsUntilFault = -1;
    private volatile ReadHold? _hold;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _reads = new();

    /// <summary>The names of the records read, in order, since the last <see cref="ClearReads"/>.</summary>
    public string[] Reads => [.. _reads];

    public void ClearReads() => _reads.Clear();

    /// <summary>The <paramref name="n"/>th clear from now throws (1 = the next one); 0 disarms.</summary>
    public void FailClear(int n) => Volatile.Write(ref _clearsUntilFault, n == 0 ? -1 : n);

    /// <summary>Reads of records whose name starts with <paramref name="prefix"/> wait until the hold is released.</summary>
    public ReadHold HoldReads(string prefix) => _hold = new ReadHold(prefix);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _reads.Enqueue(stateName);
        if (_hold is { } hold && stateName.StartsWith(hold.Prefix, StringComparison.Ordinal)) await hold.WaitAsync();
        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Interlocked.Decrement(ref _clearsUntilFault) == 0)
            throw new IOException($"injected fault clearing {stateName} of {grainId}");
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>Held reads of records named with one prefix: <see cref="Reached"/> completes when the first one waits.</summary>
public sealed class ReadHold(string prefix)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Prefix { get; } = prefix;
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    internal Task WaitAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
