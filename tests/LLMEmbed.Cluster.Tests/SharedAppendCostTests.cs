using LLMEmbed.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Appends cost what they add on the shared servers (Redis, PostgreSQL), measured as <see cref="AppendCostTests"/> does on files.</summary>
public abstract class SharedAppendCostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private ISharedStore? _store;
    private SharedSilo? _silo;

    protected abstract Task<ISharedStore> ConnectAsync();

    public async Task InitializeAsync() => _store = await ConnectAsync();

    [Fact]
    public async Task A_one_row_append_to_a_tenant_of_10000_rows_writes_about_one_row()
    {
        var store = _store ?? throw new InvalidOperationException("Not connected.");
        _silo = await SharedSilo.StartAsync(store, _clusterId, "append-cost");
        var serializer = new OrleansGrainStorageSerializer(_silo.Services.GetRequiredService<Serializer>());
        AppendCost.AssertBounded(await AppendCost.MeasureAsync(_silo.Storage(StorageNames.Default), serializer, $"append-cost ({store.Provider})", output));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_store is null) return;
        await _store.DeleteAsync(_clusterId);
        await _store.DisposeAsync();
    }
}

[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisAppendCostTests(ITestOutputHelper output) : SharedAppendCostTests(output)
{
    protected override async Task<ISharedStore> ConnectAsync() => await RedisTestServer.ConnectOrFailAsync();
}

[Trait("Category", "Postgres")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendCostTests(ITestOutputHelper output) : SharedAppendCostTests(output)
{
    protected override async Task<ISharedStore> ConnectAsync() => await PostgresTestServer.ConnectOrFailAsync();
}
