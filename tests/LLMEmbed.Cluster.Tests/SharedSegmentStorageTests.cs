using System.Globalization;
using LLMEmbed.Grains.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// How a segmented tenant lands on the shared server (Redis or PostgreSQL): each named record of one
/// grain is its own key or row, each write is one bounded value, and the server's bytes grow linearly
/// with the rows stored. The measured bytes per row are printed so deploy/README.md's 1M-example
/// figures can be checked.
/// </summary>
public abstract class SharedSegmentStorageTests(ITestOutputHelper output) : SharedStoreTest
{
    // A segment as the tenant grain writes it: 512 rows x (384 float32 features + label).
    private const int RowsPerSegment = 512;
    private const int Dimension = 384;
    private const int RowBytes = Dimension * sizeof(float) + sizeof(int);
    private const int Segments = 16;

    [Fact]
    public async Task Segments_of_one_grain_are_separate_bounded_records_and_stored_bytes_grow_linearly()
    {
        var store = Store;
        var storage = (await StartSiloAsync("segments")).Storage(StorageNames.Default);
        var grain = GrainId.Create("tenant", "big-tenant");
        var before = await store.UsedBytesAsync();

        var random = new Random(11);
        for (var s = 0; s < Segments; s++)
        {
            var segment = new byte[RowsPerSegment * RowBytes];
            random.NextBytes(segment);
            var record = new GrainState<BinaryState>(new BinaryState { Writes = s, Payload = segment });
            await storage.WriteStateAsync($"tenant-segment-{s}", grain, record);
        }

        var lengths = await store.StateRecordLengthsAsync(ClusterId);
        Assert.Equal(Segments, lengths.Count);
        foreach (var length in lengths) Assert.InRange(length, RowsPerSegment * RowBytes, RowsPerSegment * RowBytes + 1024);

        var perRow = (double)(await store.UsedBytesAsync() - before) / (Segments * RowsPerSegment);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store.Provider} bytes per row: {perRow:F0} B (payload {RowBytes} B); 1M rows -> {perRow * 1_000_000 / (1 << 30):F2} GiB; " +
            $"one segment write: {RowsPerSegment * RowBytes / 1024} KiB"));
        // Linear in rows with bounded overhead (allocator size classes, hash fields, pages): never a multiple of the payload.
        Assert.InRange(perRow, RowBytes * 0.9, RowBytes * 1.5);

        // Reading one segment back gives exactly that segment, not the tenant's whole example set.
        var read = new GrainState<BinaryState>(new BinaryState());
        await storage.ReadStateAsync("tenant-segment-3", grain, read);
        var segmentThree = Assert.IsType<BinaryState>(read.State);
        Assert.Equal(3, segmentThree.Writes);
        Assert.Equal(RowsPerSegment * RowBytes, segmentThree.Payload.Length);
    }

}

[Trait("Category", "Redis")]
[Collection(RedisCollection.Name)]
public sealed class RedisSegmentStorageTests(ITestOutputHelper output) : SharedSegmentStorageTests(output)
{
    protected override async Task<ISharedStore> ConnectAsync() => await RedisTestServer.ConnectOrFailAsync();
}

[Trait("Category", "Postgres")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresSegmentStorageTests(ITestOutputHelper output) : SharedSegmentStorageTests(output)
{
    protected override async Task<ISharedStore> ConnectAsync() => await PostgresTestServer.ConnectOrFailAsync();
}
