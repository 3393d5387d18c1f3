using System.Globalization;
using LLMEmbed.Grains.Storage;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// How a segmented tenant lands in Redis: each named record of one grain is its own key, each
/// write is one bounded value, and Redis memory grows linearly with the rows stored. The
/// measured bytes per row are printed so deploy/README.md's 1M-example figures can be checked.
/// </summary>
[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisSegmentStorageTests(ITestOutputHelper output) : IAsyncLifetime
{
    // A segment as the tenant grain writes it: 512 rows x (384 float32 features + label).
    private const int RowsPerSegment = 512;
    private const int Dimension = 384;
    private const int RowBytes = Dimension * sizeof(float) + sizeof(int);
    private const int Segments = 16;

    private readonly string _clusterId = "llmembed-test-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer _redis = null!;
    private RedisSilo? _silo;

    public async Task InitializeAsync() => _redis = await RedisTestServer.ConnectOrFailAsync();

    [Fact]
    public async Task Segments_of_one_grain_are_separate_bounded_records_and_memory_grows_linearly()
    {
        _silo = await RedisSilo.StartAsync(_clusterId, "segments");
        var storage = _silo.Storage(StorageNames.Default);
        var grain = GrainId.Create("tenant", "big-tenant");
        var before = await UsedMemory();

        var random = new Random(11);
        for (var s = 0; s < Segments; s++)
        {
            var segment = new byte[RowsPerSegment * RowBytes];
            random.NextBytes(segment);
            var record = new GrainState<BinaryState>(new BinaryState { Writes = s, Payload = segment });
            await storage.WriteStateAsync($"tenant-segment-{s}", grain, record);
        }

        var keys = await Keys(_clusterId + "/state/");
        Assert.Equal(Segments, keys.Count);
        foreach (var key in keys)
        {
            var length = (await _redis.GetDatabase().HashGetAsync(key, "data")).Length();
            Assert.InRange(length, RowsPerSegment * RowBytes, RowsPerSegment * RowBytes + 1024);
        }

        var perRow = (double)(await UsedMemory() - before) / (Segments * RowsPerSegment);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Redis memory per row: {perRow:F0} B (payload {RowBytes} B); 1M rows -> {perRow * 1_000_000 / (1 << 30):F2} GiB in Redis; " +
            $"one segment write: {RowsPerSegment * RowBytes / 1024} KiB"));
        // Linear in rows with bounded overhead (allocator size classes, hash fields): never a multiple of the payload.
        Assert.InRange(perRow, RowBytes * 0.9, RowBytes * 1.5);

        // Reading one segment back gives exactly that segment, not the tenant's whole example set.
        var read = new GrainState<BinaryState>(new BinaryState());
        await storage.ReadStateAsync("tenant-segment-3", grain, read);
        var segmentThree = Assert.IsType<BinaryState>(read.State);
        Assert.Equal(3, segmentThree.Writes);
        Assert.Equal(RowsPerSegment * RowBytes, segmentThree.Payload.Length);
    }

    private async Task<long> UsedMemory()
    {
        var info = await _redis.GetServers().Single().InfoAsync("memory");
        var value = info.SelectMany(group => group).Single(pair => pair.Key == "used_memory").Value ?? "0";
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    private async Task<List<RedisKey>> Keys(string prefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in _redis.GetServers().Single().KeysAsync(pattern: prefix + "*")) keys.Add(key);
        return keys;
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_redis is null) return;
        await RedisTestServer.DeleteKeysAsync(_redis, _clusterId);
        await _redis.DisposeAsync();
    }
}
