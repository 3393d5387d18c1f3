using LLMEmbed.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Appends cost what they add on Redis, measured as <see cref="AppendCostTests"/> does on files.</summary>
[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisAppendCostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private StackExchange.Redis.ConnectionMultiplexer _redis = null!;
    private RedisSilo? _silo;

    public async Task InitializeAsync() => _redis = await RedisTestServer.ConnectOrFailAsync();

    [Fact]
    public async Task A_one_row_append_to_a_tenant_of_10000_rows_writes_about_one_row_on_redis()
    {
        _silo = await RedisSilo.StartAsync(_clusterId, "append-cost");
        var serializer = new OrleansGrainStorageSerializer(_silo.Services.GetRequiredService<Serializer>());
        AppendCost.AssertBounded(await AppendCost.MeasureAsync(_silo.Storage(StorageNames.Default), serializer, "append-cost", output));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_redis is null) return;
        await RedisTestServer.DeleteKeysAsync(_redis, _clusterId);
        await _redis.DisposeAsync();
    }
}
