namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The server a multi-silo test cluster shares for membership and grain state, seen from the test:
/// what to configure, and what it holds under one run's cluster/service id.
/// </summary>
public interface ISharedStore : IAsyncDisposable
{
    /// <summary>The Cluster:Provider and Storage:Provider value ("redis", "postgres").</summary>
    string Provider { get; }

    /// <summary>The connection settings silos are given (e.g. Redis:ConnectionString).</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The byte length of each stored grain-state record written under this service id.</summary>
    Task<IReadOnlyList<long>> StateRecordLengthsAsync(string serviceId);

    /// <summary>How many membership entries (silo rows, version records) the cluster id has.</summary>
    Task<int> MembershipEntriesAsync(string clusterId);

    /// <summary>The server's bytes in use for grain state (Redis used_memory; PostgreSQL the storage table's size).</summary>
    Task<long> UsedBytesAsync();

    /// <summary>Deletes everything written under this id.</summary>
    Task DeleteAsync(string id);
}
