using System.Net.Sockets;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Storage;
using Npgsql;
using Orleans.Storage;
using StackExchange.Redis;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Which provider failures count as a storage outage (Unavailable, retry later) and which stay errors (Internal): the
/// shapes the outage tests saw from a stopped Redis and PostgreSQL, and server errors that no retry mends.
/// </summary>
public sealed class StorageOutageTests
{
    [Theory]
    [InlineData("57P01")] // admin shutdown: what a stopping server answers on an open connection
    [InlineData("57P03")] // cannot connect now: a server still starting
    [InlineData("53300")] // too many connections
    [InlineData("08006")] // connection failure
    [InlineData("58030")] // I/O error
    public void A_server_going_away_or_out_of_resources_is_an_outage(string sqlState) =>
        Assert.True(StorageOutage.Is(new PostgresException("server going away", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("42P01")] // undefined table: the schema was never applied
    [InlineData("23505")] // unique violation
    [InlineData("22P02")] // invalid text representation
    public void A_server_error_no_retry_mends_is_not_an_outage(string sqlState) =>
        Assert.False(StorageOutage.Is(new PostgresException("a bug or a missing schema", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void Client_side_connection_failures_are_outages_however_wrapped()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:55462", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(StorageOutage.Is(refused));
        Assert.True(StorageOutage.Is(new InvalidOperationException("the provider wrapped it", refused)));
        Assert.True(StorageOutage.Is(new AggregateException(new ArgumentException("other"), new TimeoutException("pool"))));
        Assert.True(StorageOutage.Is(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "UnableToConnect on 127.0.0.1:6395")));
        // A server error whose cause is an outage still counts through its inner exception.
        Assert.True(StorageOutage.Is(new InvalidOperationException("x", new PostgresException("shutdown", "FATAL", "FATAL", "57P01"))));
        Assert.False(StorageOutage.Is(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task The_mapping_storage_answers_unavailable_for_an_outage_and_passes_other_errors_through()
    {
        var state = new GrainState<int>();
        var grain = GrainId.Create("tenant", "t");
        var down = new OutageMappingStorage(new FailingStorage(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        var unavailable = await Assert.ThrowsAsync<StorageUnavailableException>(() => down.WriteStateAsync("s", grain, state));
        Assert.Contains("PostgresException", unavailable.Message, StringComparison.Ordinal);

        var broken = new OutageMappingStorage(new FailingStorage(new PostgresException("relation \"orleansstorage\" does not exist", "ERROR", "ERROR", "42P01")));
        var error = await Assert.ThrowsAsync<PostgresException>(() => broken.ReadStateAsync("s", grain, state));
        Assert.Equal("42P01", error.SqlState);
    }

    /// <summary>A provider whose every call fails with the given exception, as a real one does while its server is down.</summary>
    private sealed class FailingStorage(Exception error) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(error);
        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(error);
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(error);
    }
}
