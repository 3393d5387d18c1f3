using LLMEmbed.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Appends cost what they add on the shared servers (Redis, PostgreSQL), measured as <see cref="AppendCostTests"/> does on files.</summary>
public abstract class SharedAppendCostTests(ITestOutputHelper output) : SharedStoreTest
{
    [Fact]
    public async Task A_one_row_append_to_a_tenant_of_10000_rows_writes_about_one_row()
    {
        var silo = await StartSiloAsync("append-cost");
        var serializer = new OrleansGrainStorageSerializer(silo.Services.GetRequiredService<Serializer>());
        await AppendCostBounds.MeasureAndAssertAsync(silo.Storage(StorageNames.Default), serializer, $"append-cost ({Store.Provider})", output);
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
