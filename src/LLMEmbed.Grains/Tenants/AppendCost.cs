using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Storage;
using Orleans.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// What appends cost on a grain storage provider (any: the caller hands it in), through the tenant grain's own
/// store and appender: a tenant holding 10,000 rows (seeded in large appends) takes 1-row appends, and the bytes
/// each hands the provider are counted; then a fresh store reads every row back. The storage tests bound the
/// result and the bench reports it (`append_bytes_per_row`), so both measure the same thing.
/// </summary>
public static class AppendCost
{
    public const int Seeded = 10_000;
    public const int Measured = 600; // crosses a segment filling up (10,000 rows leave 272 in a 512-row tail)

    /// <summary>
    /// Bytes per 1-row append: the row alone, serialized (<paramref name="RowBytes"/>); the largest append on the common
    /// path (one new tail part, no merge, no segment filled) and how many took it; the mean over all, merges and a
    /// filled segment included. Then the records a fresh store read for every row and whether they came back whole, in order.
    /// </summary>
    public sealed record Result(int Dimension, long RowBytes, long CommonMax, int CommonAppends, double Mean, int Appends,
        long RecordsRead, int Segments, bool ReadBackWhole)
    {
        public override string ToString() =>
            FormattableString.Invariant($"row {RowBytes} B ({Dimension} floats, label, kept text); 1-row append at {Seeded} rows: mean {Mean:F0} B over {Appends}, ") +
            FormattableString.Invariant($"common path at most {CommonMax} B ({CommonAppends} of {Appends}); reading {Seeded + Appends} rows took {RecordsRead} records for {Segments} segments") +
            (ReadBackWhole ? "" : "; the rows did NOT read back whole");
    }

    public static async Task<Result> MeasureAsync(IGrainStorage provider, IGrainStorageSerializer serializer, string tenant,
        int dimension = 384, int segmentCapacity = 512)
    {
        var storage = new CountingGrainStorage(provider, serializer);
        var grain = GrainId.Create("tenant", tenant);
        var store = new TenantStore(storage, grain, segmentCapacity);
        var appender = new ExampleAppender(store, segmentCapacity);
        var state = new TenantState { Exists = true, Labels = [new LabelInfo("a", false, 0), new LabelInfo("b", false, 0)] };
        await store.WriteStateAsync(state);

        for (var row = 0; row < Seeded; row += 1000) state = await Append(store, appender, state, dimension, row, 1000);

        var perAppend = new List<(long Bytes, int PartsBefore, int PartsAfter, int Segments)>();
        for (var row = Seeded; row < Seeded + Measured; row++)
        {
            var before = storage.BytesWritten;
            var parts = state.Tail?.Parts.Length ?? 0;
            var segments = state.SegmentCounts.Length;
            state = await Append(store, appender, state, dimension, row, 1);
            perAppend.Add((storage.BytesWritten - before, parts, state.Tail?.Parts.Length ?? 0, state.SegmentCounts.Length - segments));
        }
        var common = perAppend.Where(a => a.PartsAfter == a.PartsBefore + 1 && a.Segments == 0).Select(a => a.Bytes).ToArray();
        var rowBytes = serializer.Serialize(Rows(dimension, 0, 1)).ToArray().LongLength;

        // A fresh store (a new activation) reads every row back, in order, in a bounded number of records.
        var reader = new TenantStore(storage, grain, segmentCapacity);
        var stored = await reader.ReadStateAsync();
        var labels = new List<int>();
        for (var s = 0; s < stored.SegmentCounts.Length; s++)
        {
            var (segment, _) = await reader.ReadSegmentAsync(s, stored.SegmentCounts[s]);
            labels.AddRange(segment.Labels);
        }
        var whole = labels.SequenceEqual(Enumerable.Range(0, Seeded + Measured).Select(Label));
        return new Result(dimension, rowBytes, common.DefaultIfEmpty().Max(), common.Length, perAppend.Average(a => a.Bytes), Measured,
            reader.RecordsRead, stored.SegmentCounts.Length, whole);
    }

    private static int Label(int row) => row % 7 == 0 ? 1 : 0;

    private static async Task<TenantState> Append(TenantStore store, ExampleAppender appender, TenantState state, int dimension, int first, int rows)
    {
        var segment = Rows(dimension, first, rows);
        var values = new float[rows * dimension];
        Buffer.BlockCopy(segment.Features, 0, values, 0, segment.Features.Length);
        var next = await appender.AppendAsync(state, dimension, values, segment.Labels, segment.Texts, ExampleSource.Import);
        await store.WriteStateAsync(next);
        await appender.AcknowledgedAsync();
        return next;
    }

    /// <summary>Rows as a tenant stores them: a vector of <paramref name="dimension"/> values, a label and a short kept text.</summary>
    private static TenantSegment Rows(int dimension, int first, int rows)
    {
        var random = new Random(first);
        var features = new byte[rows * dimension * sizeof(float)];
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        Buffer.BlockCopy(values, 0, features, 0, features.Length);
        return new TenantSegment().Append(dimension, features, Enumerable.Range(first, rows).Select(Label).ToArray(),
            Enumerable.Range(first, rows).Select(r => $"example text number {r}").ToArray());
    }
}
