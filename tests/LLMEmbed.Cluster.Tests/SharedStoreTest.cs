namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// A test on one shared server (Redis or PostgreSQL, chosen by the subclass): connects before the test,
/// starts a silo on it under a fresh cluster id, and removes the silo and everything written under that id after.
/// </summary>
public abstract class SharedStoreTest : IAsyncLifetime
{
    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private ISharedStore? _store;
    private SharedSilo? _silo;

    protected abstract Task<ISharedStore> ConnectAsync();

    protected ISharedStore Store => _store ?? throw new InvalidOperationException("Not connected.");

    protected string ClusterId => _clusterId;

    public async Task InitializeAsync() => _store = await ConnectAsync();

    /// <summary>The test's silo (one per test) on the shared server.</summary>
    protected async Task<SharedSilo> StartSiloAsync(string name) => _silo = await SharedSilo.StartAsync(Store, _clusterId, name);

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_store is null) return;
        await _store.DeleteAsync(_clusterId);
        await _store.DisposeAsync();
    }
}
